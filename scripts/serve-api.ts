// Serves only /api/v1 (no console pages): for tests, benchmarks and headless deployments.
import { serve } from "@hono/node-server";
import { createApiApp } from "@/server/api/app";
import { config } from "@/server/config";
import { migrate } from "@/server/db/migrate";

const port = Number(process.env.PORT ?? 3001);
await migrate(config.databaseUrl);
const server = serve({ fetch: createApiApp().fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, (info) => {
  console.log(`Engram API listening on http://${info.address}:${info.port}/api/v1`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
