import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { createUser, type CreateUserInput } from "./create-user";

/** The user with this email in the caller's workspace, created if there is none yet. */
export async function ensureUser(ctx: RequestContext, input: CreateUserInput) {
  const { db } = await getDb();
  const existing = await db.user.findFirst({ where: { workspaceId: ctx.principal.workspaceId, email: input.email.trim().toLowerCase() } });
  return existing ?? createUser(ctx, input);
}
