import "server-only";
import type { WireMember } from "../api/routes/members";
import type { Role } from "../auth/principal";
import type { User } from "../db/generated/sqlite/client";

/** A member on the wire: never the password hash, only whether there is one. */
export function toWireUser(user: User): WireMember {
  return {
    type: "member" as const,
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
    has_password: user.passwordHash !== null,
    deactivated_at: user.deactivatedAt?.toISOString() ?? null,
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}
