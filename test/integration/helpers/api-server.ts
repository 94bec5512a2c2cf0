// A real HTTP server around the API app, in the test process, on a free port.
import { serve, type ServerType } from "@hono/node-server";
import Anthropic from "@anthropic-ai/sdk";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiApp } from "@/server/api/app";

export type RunningApi = { baseURL: string; origin: string; close: () => Promise<void>; sdk: (apiKey: string, headers?: Record<string, string>) => Anthropic };

export async function startApiServer(): Promise<RunningApi> {
  const app = createApiApp();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  // As in production (server/http/serve.ts): with Node's 5 s default, a client reusing a socket
  // just as the server times it out gets ECONNRESET (seen when a test pauses between requests).
  (server as HttpServer).keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseURL: `${origin}/api`,
    sdk: (apiKey, headers = {}) => new Anthropic({ baseURL: `${origin}/api`, apiKey, maxRetries: 0, defaultHeaders: headers }),
    // The file's tests are done: end open streams (SSE) and idle keep-alive sockets now rather than
    // waiting up to keepAliveTimeout for them.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        (server as HttpServer).closeAllConnections();
      }),
  };
}
