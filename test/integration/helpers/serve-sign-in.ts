// A real HTTP server around next-auth's own route handlers (server/auth/next-auth.ts, what
// app/api/auth/[...nextauth]/route.ts serves) and the API, for tests that sign in over HTTP
// without a `next build`. Node's request goes through the same stamping as server/http/serve.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { createApiApp } from "@/server/api/app";
import { handlers } from "@/server/auth/next-auth";
import { config } from "@/server/config";
import { migrate } from "@/server/db/migrate";
import { admitConsoleRequest } from "@/server/http/admit-console-request";

await migrate(config.databaseUrl);
const api = getRequestListener(createApiApp().fetch);
const auth = getRequestListener((request: Request) => (request.method === "POST" ? handlers.POST(request as never) : handlers.GET(request as never)));
const server = createServer((req, res) => {
  if (req.url?.startsWith("/api/v1")) return void api(req, res);
  // What server/http/serve.ts does before handing a request to Next.
  if (!admitConsoleRequest(req, res)) return;
  return void auth(req, res);
});
const host = process.env.HOST ?? "127.0.0.1";
server.listen(Number(process.env.PORT ?? 3002), host, () =>
  console.log(`sign-in server listening on http://${host}:${(server.address() as AddressInfo).port}`),
);
// Started with --expose-gc by a test measuring what requests leave behind: SIGUSR2 collects garbage and reports the RSS.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect)
  process.on("SIGUSR2", () => {
    collect();
    console.log(`rss-after-gc ${process.memoryUsage.rss()}`);
  });
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
