import "server-only";
import { handleMcpRequest } from "../../mcp/mcp-sessions";
import { defineRoute } from "../define-route";

const tag = "MCP";
const summary = "Model Context Protocol (Streamable HTTP): memory tools, search, history and subscribable file resources";

/** The MCP transport reads the request itself (JSON-RPC body, mcp-session-id); the app has authenticated it already. */
export const mcpRoutes = (["post", "get", "delete"] as const).map((method) =>
  defineRoute({
    method,
    path: "/mcp",
    summary: `${summary} — ${method.toUpperCase()}`,
    tag,
    raw: true,
    handler: ({ ctx, c }) => handleMcpRequest(ctx, c.req.raw),
  }),
);
