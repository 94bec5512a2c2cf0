import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { API_BASE, createApiApp } from "../api/app";
import { config } from "../config";
import { startFindingScanner } from "../findings/finding-scanner";
import { startWebhookWorker } from "../webhooks/webhook-worker";
import { startRetentionJob } from "../retention/retention-job";
import { admitConsoleRequest } from "./admit-console-request";
import { opsHandler, startMetricsServer } from "../ops/serve-ops";

export type ServeOptions = { port: number; hostname?: string; dir: string; dev?: boolean };

/**
 * Engram's production server: `/api/v1/*` goes straight to the Hono app (agents are the hot
 * path and should not pay for the page pipeline); everything else to Next's handler.
 */
export async function serve(options: ServeOptions) {
  const nextApp = next({ dev: options.dev ?? false, dir: options.dir, hostname: options.hostname, port: options.port });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();
  const handleApi = getRequestListener(createApiApp().fetch);
  const isApi = (url = "") => url === API_BASE || url.startsWith(`${API_BASE}/`) || url.startsWith(`${API_BASE}?`);
  const ops = opsHandler();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (isApi(req.url)) return void handleApi(req, res);
    if (ops.isOps(req.url)) return ops.handle(req, res);
    if (!admitConsoleRequest(req, res)) return;
    return void handleNext(req, res);
  });
  // SSE streams stay open; do not let Node's default timeouts cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 65_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  if (config.findingsScan) server.on("close", startFindingScanner());
  server.on("close", startWebhookWorker());
  server.on("close", startRetentionJob());
  const metricsServer = startMetricsServer(options.hostname);
  if (metricsServer) server.on("close", () => metricsServer.close());
  return server;
}
