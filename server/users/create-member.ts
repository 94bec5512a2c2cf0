import "server-only";
import type { RequestContext, Role } from "../auth/principal";
import { randomToken } from "../crypto";
import { createUser } from "./create-user";

export type CreateMemberInput = { email: string; name: string; role: Role; password: "generate" | "none" | { set: string } };

/**
 * Adds a member. The initial password is either set by the admin, generated here (returned this
 * once, like an API key, for the admin to hand over), or absent for members who sign in only
 * through single sign-on.
 */
export async function createMember(ctx: RequestContext, input: CreateMemberInput) {
  const initialPassword = input.password === "generate" ? randomToken(20) : input.password === "none" ? null : input.password.set;
  const user = await createUser(ctx, { email: input.email, name: input.name, role: input.role, password: initialPassword });
  return { user, initialPassword: input.password === "generate" ? initialPassword : null };
}
