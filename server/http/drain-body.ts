import "server-only";
import type { IncomingMessage } from "node:http";

/**
 * Reads and discards the rest of a refused request body, up to `maxBytes` or `maxMs`. A server that
 * answers 413 and closes while the client is still sending makes the client's kernel see a reset,
 * and the client reports "fetch failed" instead of the 413. Past the bound the connection is closed
 * anyway: draining is a courtesy to honest clients, not a way for a sender to hold the server.
 */
export function drainBody(incoming: IncomingMessage | undefined, maxBytes: number, maxMs: number): Promise<void> {
  if (!incoming || incoming.complete || incoming.readableEnded || incoming.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      incoming.off("data", onData);
      incoming.off("end", done);
      incoming.off("error", done);
      incoming.off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) done();
    };
    const timer = setTimeout(done, maxMs);
    // A body that was being streamed (chunked, counted by the body limit) still feeds its abandoned web
    // stream, which pauses the socket when nobody reads it: take the data over so it keeps flowing.
    incoming.removeAllListeners("data");
    incoming.on("data", onData);
    incoming.once("end", done);
    incoming.once("error", done);
    incoming.once("close", done);
    incoming.resume();
  });
}
