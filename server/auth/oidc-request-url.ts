import "server-only";
import type { NextRequest } from "next/server";
import { config } from "../config";

/**
 * The auth request as the browser addressed it, for next-auth to derive the OAuth redirect_uri
 * from. A NextRequest cannot carry it: its URL is built from the server's bind address, and
 * NextURL rewrites 127.0.0.1 to "localhost", so the identity provider would see a redirect_uri
 * other than the one it was sent to (and refuse the code). AUTH_URL, when set, wins (next-auth
 * applies it); otherwise Host / X-Forwarded-* decide, which `trustHost: true` already trusts.
 */
export function asAddressed(request: NextRequest): NextRequest {
  if (config.authUrl) return request;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (!host) return request;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(request.url).protocol.replace(":", "");
  const url = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : request.body;
  // A plain Request keeps the host as written; next-auth's handlers read only its standard fields.
  const plain = new Request(`${proto}://${host}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: "half",
  } as RequestInit);
  return plain as NextRequest;
}
