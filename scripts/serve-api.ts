// Serves only /api/v1 (no console pages): for tests, benchmarks and headless deployments.
import { serve } from "@hono/node-server";
import { createApiApp } from "@/server/api/app";
import { config } from "@/server/config";
import { prepareDatabase } from "@/server/startup/prepare-database";
import { startFindingScanner } from "@/server/findings/finding-scanner";
import { startWebhookWorker } from "@/server/webhooks/webhook-worker";
import { startRetentionJob } from "@/server/retention/retention-job";
import { createOpsApp, OPS_PATHS } from "@/server/ops/ops-app";
import { startMetricsServer } from "@/server/ops/serve-ops";

const port = Number(process.env.PORT ?? 3001);
// Under the start-up lock, like `npm start`: migrations, ENGRAM_ADMIN_EMAIL's admin, the demo only with ENGRAM_DEMO=1.
await prepareDatabase(process.env.ENGRAM_DEMO === "1" ? "on" : "off");
const api = createApiApp();
const ops = createOpsApp();
// The node server's env (its IncomingMessage) goes through: the API drains a refused body from it.
const fetch = (request: Request, env: unknown) => (OPS_PATHS.has(new URL(request.url).pathname) ? ops.fetch(request, env) : api.fetch(request, env));
const metricsServer = startMetricsServer(process.env.HOST ?? "127.0.0.1");
const server = serve({ fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, (info) => {
  console.log(`Engram API listening on http://${info.address}:${info.port}/api/v1`);
});
const stopScanner = config.findingsScan ? startFindingScanner() : () => {};
const stopWebhooks = startWebhookWorker();
const stopRetention = startRetentionJob();
const stop = () => {
  stopScanner();
  stopWebhooks();
  stopRetention();
  metricsServer?.close();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
