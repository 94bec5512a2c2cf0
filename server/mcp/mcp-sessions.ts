import "server-only";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { RequestContext } from "../auth/principal";
import { ApiError } from "../http/api-error";
import { toAuthInfo } from "./mcp-context";
import { registerResources } from "./mcp-resources";
import { registerTools } from "./mcp-tools";
import { processState } from "../process-state";

/**
 * MCP over Streamable HTTP in session mode: resource subscriptions need a session whose GET stream
 * carries notifications/resources/updated. A session lives in the instance that created it (route
 * an MCP client's requests to one instance; events reach it from any instance over PostgreSQL) and
 * belongs to the API key that opened it: another key presenting its id is told it does not exist.
 */
type Session = { transport: WebStandardStreamableHTTPServerTransport; apiKeyId: string; workspaceId: string; lastUsed: number; close: () => void };

const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 1_000;

type State = { sessions: Map<string, Session>; sweeper: NodeJS.Timeout | null };
const state = processState<State>("mcp-sessions", () => ({ sessions: new Map(), sweeper: null }));

function keyOf(ctx: RequestContext): { apiKeyId: string; workspaceId: string } {
  if (ctx.principal.type !== "api_key") throw new ApiError("permission_error", "The MCP endpoint takes an Engram API key (Authorization: Bearer).");
  return { apiKeyId: ctx.principal.apiKeyId, workspaceId: ctx.principal.workspaceId };
}

function sweep(): void {
  const now = Date.now();
  for (const session of state.sessions.values()) if (now - session.lastUsed > IDLE_MS) session.close();
}

async function openSession(owner: { apiKeyId: string; workspaceId: string }): Promise<Session> {
  if (state.sessions.size >= MAX_SESSIONS) sweep();
  if (state.sessions.size >= MAX_SESSIONS) throw new ApiError("overloaded_error", "Too many open MCP sessions on this instance; retry later.");
  state.sweeper ??= setInterval(sweep, 60_000).unref();
  const server = new McpServer({ name: "engram", version: "1" }, { capabilities: { resources: { subscribe: true } } });
  registerTools(server);
  const subscriptions = new Set<string>();
  const unsubscribe = registerResources(server, subscriptions);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    // Called while handling the initialize request, after `session` below exists.
    onsessioninitialized: (id) => void state.sessions.set(id, session),
  });
  const session: Session = {
    transport,
    ...owner,
    lastUsed: Date.now(),
    close: () => {
      unsubscribe();
      if (transport.sessionId) state.sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
    },
  };
  transport.onclose = () => session.close();
  await server.connect(transport);
  return session;
}

/** One MCP HTTP request (POST message, GET notification stream, DELETE end of session). */
export async function handleMcpRequest(ctx: RequestContext, request: Request): Promise<Response> {
  const owner = keyOf(ctx);
  const id = request.headers.get("mcp-session-id");
  let session = id ? state.sessions.get(id) : undefined;
  if (id && (!session || session.apiKeyId !== owner.apiKeyId)) return refusal(404, { code: -32001, message: "Session not found" });
  // Without a session id only an initialize request is valid; the transport answers anything else.
  const fresh = !session;
  session ??= await openSession(owner);
  session.lastUsed = Date.now();
  const response = await session.transport.handleRequest(request, { authInfo: toAuthInfo(ctx) });
  if (fresh && !session.transport.sessionId) session.close(); // not an initialize request: nothing to keep
  if (response.status < 400) return response;
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: number; message?: string } };
  return refusal(response.status, { code: body.error?.code ?? -32600, message: body.error?.message ?? response.statusText });
}

const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  404: "not_found_error",
  405: "invalid_request_error",
  406: "invalid_request_error",
  415: "invalid_request_error",
};

/** A transport refusal, as JSON-RPC wants it and with Engram's error envelope around the same message. */
function refusal(status: number, error: { code: number; message: string }): Response {
  const type = errorTypes[status] ?? "invalid_request_error";
  return Response.json({ type: "error", jsonrpc: "2.0", id: null, error: { type, ...error } }, { status });
}
