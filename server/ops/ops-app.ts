import "server-only";
import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { config } from "../config";
import { metrics } from "./metrics";
import { readiness } from "./readiness";

export const OPS_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Health, readiness and Prometheus metrics, beside the API (not under /api/v1: no API key).
 * `/metrics` here needs `Authorization: Bearer $ENGRAM_METRICS_TOKEN`; without a token it is only
 * served on ENGRAM_METRICS_PORT (`metricsOnly`), which should not be exposed publicly.
 */
export function createOpsApp(options: { metricsOnly?: boolean } = {}) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    c.header("cache-control", "no-store");
    await next();
  });
  if (!options.metricsOnly) {
    app.get("/healthz", (c) => c.json({ status: "ok" }));
    app.get("/readyz", async (c) => {
      const state = await readiness();
      return c.json(state, state.ready ? 200 : 503);
    });
  }
  app.get("/metrics", async (c) => {
    if (!options.metricsOnly) {
      const token = config.metricsToken;
      const given = c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
      if (!token || !sameSecret(given, token))
        return c.json({ type: "error", error: { type: "authentication_error", message: "Metrics need ENGRAM_METRICS_TOKEN as a Bearer token." } }, 401);
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
  app.notFound((c) => c.json({ type: "error", error: { type: "not_found_error", message: "Not found" } }, 404));
  return app;
}
