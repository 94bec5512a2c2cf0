import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { drainBody } from "./drain-body";

/**
 * The console's POSTs (sign-in, sign-out, small server actions) are a few kB. Larger bodies are
 * refused before Next or next-auth parses them: an unauthenticated client must not make the
 * server buffer megabytes per request (Next's route handlers have no body limit of their own).
 */
export const CONSOLE_MAX_BODY_BYTES = 64 * 1024;
/** A password sign-in is an email (≤ 254), a password (≤ 1,024), a CSRF token and a callback URL, percent-encoded. */
export const SIGN_IN_MAX_BODY_BYTES = 8 * 1024;
const DRAIN_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 5_000;

/** Answers 413 (or 411 for a body without a declared length) and returns true when the request is refused. */
export function refuseOversizedConsoleBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  const limit = req.url?.startsWith("/api/auth/callback/credentials") ? SIGN_IN_MAX_BODY_BYTES : CONSOLE_MAX_BODY_BYTES;
  if (!chunked && declared !== undefined && Number(declared) <= limit) return false;
  if (!chunked && declared === undefined) return false;
  const status = chunked ? 411 : 413;
  const answer = () => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    res.end(status === 411 ? "A console request body needs a Content-Length.\n" : "Request body too large.\n");
  };
  // Read (and drop) the body up to a bound before answering: closing on a client still sending
  // gives it a connection reset instead of the answer. Past the bound, answer and hang up.
  void drainBody(req, DRAIN_BYTES, DRAIN_MS).then(() => {
    answer();
    if (!req.readableEnded) req.destroy();
  });
  return true;
}
