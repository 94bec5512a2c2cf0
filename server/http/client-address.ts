import "server-only";
import type { IncomingMessage } from "node:http";

/** Where Engram's own server puts the TCP peer's address for code that sees only a Fetch Request (next-auth). */
export const CLIENT_ADDRESS_HEADER = "x-engram-client-address";

/** Stamps the peer address on the request, overwriting any value the client sent, so it cannot be forged. */
export function stampClientAddress(req: IncomingMessage): void {
  const address = req.socket.remoteAddress ?? "unknown";
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  // Some adapters build the Fetch Request from rawHeaders (name, value, name, value…): replace it there too.
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders.length = 0;
  req.rawHeaders.push(...raw, CLIENT_ADDRESS_HEADER, address);
}

/** The stamped address; "unknown" where no Engram server stamped it (e.g. `next dev`). */
export function clientAddressOf(headers: Headers | undefined): string {
  return headers?.get(CLIENT_ADDRESS_HEADER)?.slice(0, 64) || "unknown";
}
