import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { stampClientAddress } from "./client-address";
import { refuseOversizedConsoleBody } from "./console-body-limit";

/** What every non-API request passes before Next sees it; false when it has been answered already. */
export function admitConsoleRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (refuseOversizedConsoleBody(req, res)) return false;
  stampClientAddress(req);
  return true;
}
