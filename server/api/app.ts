import "server-only";
import type { IncomingMessage } from "node:http";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { newId } from "@/lib/ids";
import { config } from "../config";
import { ApiError } from "../http/api-error";
import { databaseUnavailable } from "../http/database-unavailable";
import { drainBody } from "../http/drain-body";
import { errorSummary } from "../http/error-summary";
import { limitApiKey } from "../http/rate-limit";
import type { ApiEnv } from "./api-env";
import { authenticate } from "./authenticate";
import { registerRoute, type AnyRoute } from "./define-route";
import { allRoutes } from "./routes";
import { zodMessage } from "./zod-message";
import { startAuditWork } from "../audit/start-audit-work";
import { metrics } from "../ops/metrics";
import { observeRequest } from "../ops/request-log";

export const API_BASE = "/api/v1";
/** How long a refused body is drained at most (see drainBody). */
const DRAIN_MS = 5_000;

/** On every response: JSON and streams only, so nothing here may be framed, run scripts or leak the URL onwards. */
const RESPONSE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
};

function errorResponse(error: ApiError, requestId: string): Response {
  if (error.type === "memory_precondition_failed_error") metrics.preconditionConflicts.inc();
  const headers: Record<string, string> = { "request-id": requestId, ...RESPONSE_HEADERS };
  // An oversized body is refused before it is read; close the connection so the client does
  // not reuse a socket that still carries the rest of it.
  if (error.type === "request_too_large") headers.connection = "close";
  return Response.json(error.toEnvelope(), { status: error.status, headers });
}

/** The whole /api/v1 surface: one Hono app, mounted by Next in development and by Engram's server in production. */
export function createApiApp(routes: AnyRoute[] = allRoutes) {
  startAuditWork();
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError("invalid_request_error", zodMessage(result.error));
    },
  }).basePath(API_BASE);

  app.use("*", async (c, next) => {
    const requestId = newId("request");
    c.set("requestId", requestId);
    // Set before the handler builds its response, so Hono passes them along with it; changing a
    // built response's headers would make Node materialise a full web Response (a measurable share of a write).
    // Error responses carry the same headers (errorResponse).
    c.header("request-id", requestId);
    for (const [name, value] of Object.entries(RESPONSE_HEADERS)) c.header(name, value);
    const started = performance.now();
    try {
      await next();
    } finally {
      observeRequest(c, started);
    }
  });
  const tooLarge = () => new ApiError("request_too_large", `Request body exceeds ${config.maxBodyBytes} bytes.`);
  const limitStreamedBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  app.use("*", async (c, next) => {
    // A declared length is checked without touching the body: asking Hono for the body stream
    // first would turn every request into a web stream (costly on every write). Chunked bodies
    // are counted as they stream in.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding")) return limitStreamedBody(c, next);
    if (Number(length) > config.maxBodyBytes) throw tooLarge();
    return next();
  });
  app.use("*", async (c, next) => {
    // No id, filter or path is allowed to hold NUL, and PostgreSQL cannot even compare one: refuse it up front.
    if (/%00/.test(c.req.url)) throw new ApiError("invalid_request_error", "The URL must not contain NUL characters (%00).");
    return next();
  });
  app.use("*", async (c, next) => {
    if (c.req.path === `${API_BASE}/openapi.json`) return next();
    const principal = await authenticate(c);
    const limited = await limitApiKey(principal);
    if (!limited.ok) {
      const response = errorResponse(
        new ApiError("rate_limit_error", `Rate limit exceeded for this API key; retry after ${limited.retryAfterSeconds} s.`),
        c.get("requestId"),
      );
      response.headers.set("retry-after", String(limited.retryAfterSeconds));
      return response;
    }
    c.set("principal", principal);
    return next();
  });

  for (const route of routes) registerRoute(app, route);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Engram API",
      version: "1",
      description: "Memory stores API (wire-compatible with Claude Managed Agents) plus Engram's governance extensions.",
    },
    servers: [{ url: "/" }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "ApiKey", { type: "apiKey", in: "header", name: "x-api-key" });
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", { type: "http", scheme: "bearer" });

  app.notFound((c) => errorResponse(new ApiError("not_found_error", `No route for ${c.req.method} ${c.req.path}`), c.get("requestId") ?? newId("request")));
  app.onError(async (error, c) => {
    const requestId = c.get("requestId") ?? newId("request");
    if (error instanceof ApiError) {
      // Read the rest of an oversized body before answering, so the client sees the 413, not a reset.
      if (error.type === "request_too_large") await drainBody((c.env as { incoming?: IncomingMessage } | undefined)?.incoming, config.maxDrainBytes, DRAIN_MS);
      return errorResponse(error, requestId);
    }
    // Hono's own refusals (e.g. 415 from the JSON validator for another Content-Type) are the caller's mistake.
    if (error instanceof HTTPException && error.status < 500) {
      const message = error.status === 415 ? "The request body must be JSON, sent with Content-Type: application/json." : error.message;
      return errorResponse(new ApiError("invalid_request_error", message), requestId);
    }
    if (error instanceof SyntaxError || /JSON/i.test(error.message)) {
      return errorResponse(new ApiError("invalid_request_error", "The request body is not valid JSON."), requestId);
    }
    const outage = databaseUnavailable(error);
    if (outage) {
      console.error(`[${requestId}] database unavailable: ${errorSummary(error)}`);
      return errorResponse(outage, requestId);
    }
    // Only the class, code and stack frames: an error's message may quote the query, its values or the body.
    console.error(`[${requestId}] unhandled error: ${errorSummary(error)}`);
    return errorResponse(new ApiError("api_error", "Internal server error."), requestId);
  });
  return app;
}
