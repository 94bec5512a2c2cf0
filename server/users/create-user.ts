import "server-only";
import { newId } from "@/lib/ids";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import { hashPassword } from "../auth/passwords";
import { roles, type RequestContext, type Role } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";

export type CreateUserInput = { email: string; name: string; role: Role; password?: string | null };

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/** Adds a console user to the caller's workspace; the password is stored only as an argon2id hash. */
export async function createUser(ctx: RequestContext, input: CreateUserInput) {
  authorize(ctx, "members:manage");
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL_RE.test(email) || email.length > 254) throw badRequest("email: must be an email address");
  if (name.length < 1 || name.length > 100) throw badRequest("name: must be 1 to 100 characters");
  if (!roles.includes(input.role)) throw badRequest(`role: must be one of ${roles.join(", ")}`);
  if (input.password != null && input.password.length < 8) throw badRequest("password: must be at least 8 characters");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return runTransaction(
    async ({ tx }) => {
      const taken = await tx.user.findFirst({ where: { workspaceId: ctx.principal.workspaceId, email } });
      if (taken) throw new ApiError("conflict_error", `A user with email ${email} already exists.`);
      const user = await tx.user.create({
        data: { id: newId("user"), workspaceId: ctx.principal.workspaceId, email, name, role: input.role, passwordHash },
      });
      await auditRequest(tx, ctx, {
        action: "user.created",
        targetType: "user",
        targetId: user.id,
        data: { email, role: input.role },
      });
      return user;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
