import "server-only";

/** next-auth's session cookie name; the `__Secure-` variant is used over HTTPS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}
