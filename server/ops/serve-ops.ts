import "server-only";
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { config } from "../config";
import { createOpsApp, OPS_PATHS } from "./ops-app";

/** For the servers' request routing: /healthz, /readyz and /metrics, with or without a query string. */
export function opsHandler(): { isOps: (url?: string) => boolean; handle: (req: IncomingMessage, res: ServerResponse) => void } {
  const listener = getRequestListener(createOpsApp().fetch);
  return { isOps: (url = "") => OPS_PATHS.has(url.split("?")[0]), handle: (req, res) => void listener(req, res) };
}

/** ENGRAM_METRICS_PORT: /metrics alone, without a token, on its own port. */
export function startMetricsServer(hostname?: string): Server | null {
  if (!config.metricsPort) return null;
  const listener = getRequestListener(createOpsApp({ metricsOnly: true }).fetch);
  const server = createServer((req, res) => void listener(req, res));
  server.listen(config.metricsPort, hostname);
  return server;
}
