import "server-only";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { RequestContext } from "../auth/principal";
import { ApiError } from "../http/api-error";
import { listStores } from "../stores/list-stores";

/**
 * Each MCP HTTP request is authenticated by the API's middleware like any other; its RequestContext
 * rides to the tool and resource callbacks in the transport's authInfo, so a session id sent on a
 * later request (x-engram-session-id) attributes that request's writes.
 */
export function toAuthInfo(ctx: RequestContext): AuthInfo {
  // The key itself is not kept here: nothing downstream needs it.
  return { token: "", clientId: ctx.principal.type === "api_key" ? ctx.principal.apiKeyId : "unknown", scopes: [], extra: { ctx } };
}

export function contextOf(extra: { authInfo?: AuthInfo }): RequestContext {
  const ctx = extra.authInfo?.extra?.ctx as RequestContext | undefined;
  if (!ctx) throw new ApiError("authentication_error", "MCP request without an authenticated context.");
  return ctx;
}

/** The store a tool call names, or the caller's only store when it names none. */
export async function storeFor(ctx: RequestContext, storeId: string | undefined): Promise<string> {
  if (storeId) return storeId;
  const stores = await listStores(ctx, { limit: 2, includeArchived: false });
  if (stores.data.length === 1) return stores.data[0].id;
  throw new ApiError(
    "invalid_request_error",
    stores.data.length === 0 ? "This key can read no memory store." : "memory_store_id is required: this key can read several stores (see list_memory_stores).",
  );
}

export type ToolResult = { content: { type: "text"; text: string }[]; isError?: boolean };

export const text = (value: string, isError = false): ToolResult => ({ content: [{ type: "text", text: value }], ...(isError ? { isError: true } : {}) });

/** Refusals and invalid input become tool errors (isError) with the API's message; anything else is a server fault. */
export async function asToolResult(run: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return text(`Error: ${error.message}`, true);
    throw error;
  }
}
