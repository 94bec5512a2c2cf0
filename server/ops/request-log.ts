import "server-only";
import type { Context } from "hono";
import pino from "pino";
import type { ApiEnv } from "../api/api-env";
import { config } from "../config";
import type { Principal } from "../auth/principal";
import { metrics } from "./metrics";
import { processState } from "../process-state";

// One JSON line per API request. Only the route pattern is logged, never the URL: paths, query
// strings (search text, path prefixes), bodies and headers (keys) stay out of the logs.
type Logger = ReturnType<typeof pino>;
export const logger: Logger = processState<Logger>("logger", () =>
  pino({
    level: config.logLevel,
    base: { service: "engram" },
  }),
);

function principalId(principal: Principal | undefined): string | null {
  if (!principal) return null;
  if (principal.type === "api_key") return principal.apiKeyId;
  if (principal.type === "user") return principal.userId;
  return "system";
}

/** The registered pattern of the route that answered, e.g. /api/v1/memory_stores/:memory_store_id. */
function routeOf(c: Context<ApiEnv>): string {
  const matched = c.req.matchedRoutes.filter((route) => route.method !== "ALL");
  return matched.length ? matched[matched.length - 1].path : "unmatched";
}

export function observeRequest(c: Context<ApiEnv>, startedAt: number): void {
  const seconds = (performance.now() - startedAt) / 1000;
  const route = routeOf(c);
  const status = c.res.status;
  metrics.requests.inc({ route, method: c.req.method, status: String(status) });
  metrics.latency.observe({ route, method: c.req.method }, seconds);
  logger.info({
    request_id: c.get("requestId"),
    method: c.req.method,
    route,
    status,
    duration_ms: Math.round(seconds * 100_000) / 100,
    principal_id: principalId(c.get("principal")),
  });
}
