import "server-only";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { resolveApiKey } from "../auth/resolve-api-key";
import { userPrincipalFromToken } from "../auth/user-principal";
import { sessionCookieName } from "../auth/session-cookie";
import type { Principal } from "../auth/principal";
import { config } from "../config";
import { ApiError } from "../http/api-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is calling: an API key (`x-api-key` or `Authorization: Bearer`), or the console's signed-in
 * session. Cookie-authenticated mutations must come from Engram's own origin (CSRF): a missing,
 * `null` or foreign Origin is refused.
 */
export async function authenticate(c: Context): Promise<Principal> {
  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  const key = c.req.header("x-api-key") ?? bearer;
  const sessionId = c.req.header("x-engram-session-id") ?? null;
  if (key) return resolveApiKey(key.trim(), sessionId);

  // Behind a TLS-terminating proxy the browser holds the __Secure- cookie while this server sees http.
  const secure = new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto")?.split(",")[0].trim() === "https";
  const token = getCookie(c, sessionCookieName(secure));
  if (token) {
    const user = await userPrincipalFromToken(token, secure);
    if (!user) throw new ApiError("authentication_error", "Your console session has ended; sign in again.");
    if (!SAFE_METHODS.has(c.req.method)) assertSameOrigin(c);
    return user;
  }
  throw new ApiError("authentication_error", "Missing credentials: send an API key in x-api-key or Authorization: Bearer.");
}

function assertSameOrigin(c: Context): void {
  const origin = c.req.header("origin");
  const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
  const allowed = new Set([config.publicUrl, host ? `http://${host}` : undefined, host ? `https://${host}` : undefined].filter(Boolean));
  if (!origin || origin === "null" || !allowed.has(origin)) {
    throw new ApiError("permission_error", "Cross-site request refused: console mutations must come from Engram's own origin.");
  }
}
