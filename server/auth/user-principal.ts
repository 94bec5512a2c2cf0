import "server-only";
import { decode } from "next-auth/jwt";
import { getDb } from "../db/client";
import { authSecret } from "./auth-secret";
import { roles, type Role, type UserPrincipal } from "./principal";
import { sessionCookieName } from "./session-cookie";

/** The session version a token was issued under; tokens from before versions existed count as 0. */
export const tokenSessionVersion = (payload: Record<string, unknown> | null | undefined) => (typeof payload?.sv === "number" ? payload.sv : 0);

/** The signed-in, active user a console session token belongs to, or null (also for a session ended since). */
export async function userPrincipalFromToken(token: string | undefined, secure: boolean): Promise<UserPrincipal | null> {
  if (!token) return null;
  const payload = await decode({ token, secret: authSecret(), salt: sessionCookieName(secure) }).catch(() => null);
  const userId = typeof payload?.uid === "string" ? payload.uid : null;
  return userId ? userPrincipalById(userId, tokenSessionVersion(payload)) : null;
}

/** The active user, or null; with `sessionVersion`, also null when that session has been ended. */
export async function userPrincipalById(userId: string, sessionVersion?: number): Promise<UserPrincipal | null> {
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt || !roles.includes(user.role as Role)) return null;
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) return null;
  return { type: "user", workspaceId: user.workspaceId, userId: user.id, role: user.role as Role, email: user.email, name: user.name };
}
