import "server-only";
import { decode } from "next-auth/jwt";
import { getDb } from "../db/client";
import { authSecret } from "./auth-secret";
import { roles, type Role, type UserPrincipal } from "./principal";
import { sessionCookieName } from "./session-cookie";

/** The signed-in, active user a console session token belongs to, or null. */
export async function userPrincipalFromToken(token: string | undefined, secure: boolean): Promise<UserPrincipal | null> {
  if (!token) return null;
  const payload = await decode({ token, secret: authSecret(), salt: sessionCookieName(secure) }).catch(() => null);
  const userId = typeof payload?.uid === "string" ? payload.uid : null;
  return userId ? userPrincipalById(userId) : null;
}

export async function userPrincipalById(userId: string): Promise<UserPrincipal | null> {
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt || !roles.includes(user.role as Role)) return null;
  return { type: "user", workspaceId: user.workspaceId, userId: user.id, role: user.role as Role, email: user.email, name: user.name };
}
