import "server-only";
import type { Principal } from "../auth/principal";

/** Per-request values the API's middleware sets for route handlers. */
export type ApiEnv = { Variables: { requestId: string; principal: Principal } };
