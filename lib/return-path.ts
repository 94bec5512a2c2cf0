// Where sign-in sends the user back: only a path of this origin, never another site.

const BASE = "http://engram.invalid";

/** The request header in which proxy.ts hands a page its own path (server components cannot see their URL). */
export const RETURN_TO_HEADER = "x-engram-return-to";

/**
 * `value` if it is a relative path on this origin ("/stores/x?tab=blame"), else null. Refused:
 * absolute URLs, scheme-relative `//host`, backslashes (browsers read `/\host` as `//host`),
 * control characters and spaces, anything that resolves to another origin, and /login itself.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  if (/[\\\u0000-\u0020\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // An encoded slash could still become `//host` after another round of decoding.
  if (/^\/(%2f|%5c)/i.test(url.pathname)) return null;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/") || url.pathname.startsWith("/api/")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The page to land on after signing in: the asked-for path when it is safe, else the stores. */
export const afterSignIn = (next: unknown) => safeReturnPath(next) ?? "/stores";

/** The sign-in page, carrying the path to come back to. */
export const loginUrl = (returnTo: string | null) => (returnTo && safeReturnPath(returnTo) ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
