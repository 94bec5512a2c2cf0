import "server-only";
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { parseMemoryPath } from "@/lib/memory-path";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readGate } from "../auth/store-policy";
import { getDb } from "../db/client";
import { subscribe as onMemoryEvent } from "../events/event-bus";
import { ensureRelay } from "../events/pg-relay";
import { badRequest, notFound } from "../http/api-error";
import { listStores } from "../stores/list-stores";
import { findMemoryByPath } from "./find-memory-by-path";
import { contextOf } from "./mcp-context";

const TEMPLATE = "engram://memory_stores/{memory_store_id}/memories{+path}";
const URI = /^engram:\/\/memory_stores\/([^/]+)\/memories(\/.*)$/;
const LIST_LIMIT = 500;

export const resourceUri = (storeId: string, path: string) => `engram://memory_stores/${storeId}/memories${path}`;

export function parseResourceUri(uri: string): { storeId: string; path: string } {
  const match = URI.exec(uri);
  const parsed = match ? parseMemoryPath(decodeURI(match[2])) : null;
  if (!match || !parsed?.ok) throw badRequest(`Not an Engram memory URI: ${uri}`);
  return { storeId: match[1], path: parsed.path };
}

/** Files as resources: listed per readable store, read as text, subscribable per file. */
export function registerResources(server: McpServer, subscriptions: Set<string>): () => void {
  server.registerResource(
    "memory",
    new ResourceTemplate(TEMPLATE, {
      list: async (extra) => {
        const ctx = contextOf(extra);
        const { db } = await getDb();
        const stores = await listStores(ctx, { limit: 100, includeArchived: true });
        const memories = await db.memory.findMany({
          where: { workspaceId: ctx.principal.workspaceId, storeId: { in: stores.data.map((s) => s.id) }, livePath: { not: null } },
          select: { storeId: true, path: true },
          orderBy: [{ storeId: "asc" }, { livePath: "asc" }],
          take: LIST_LIMIT,
        });
        const gates = new Map(await Promise.all(stores.data.map(async (s) => [s.id, await readGate(ctx.principal, s.id)] as const)));
        const shown = memories.filter((m) => gates.get(m.storeId)?.(m.path) ?? true);
        return { resources: shown.map((m) => ({ uri: resourceUri(m.storeId, m.path), name: m.path, mimeType: "text/plain" })) };
      },
    }),
    { description: "A memory file of an Engram store", mimeType: "text/plain" },
    async (uri, _variables, extra) => {
      const { storeId, path } = parseResourceUri(uri.href);
      const memory = await findMemoryByPath(contextOf(extra), storeId, path, { recordRead: true });
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: memory.content }] };
    },
  );

  // Subscribing checks read access now; each update is checked again when it is sent.
  let ctxOfSession: RequestContext | null = null;
  server.server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const ctx = contextOf(extra);
    const { storeId, path } = parseResourceUri(request.params.uri);
    await authorizeStore(ctx, "memory:read", storeId);
    const visible = await readGate(ctx.principal, storeId);
    if (visible && !visible(path)) throw notFound(`Memory ${path} in store ${storeId}`);
    await ensureRelay();
    ctxOfSession = ctx;
    subscriptions.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  return onMemoryEvent((event) => {
    if (!ctxOfSession || subscriptions.size === 0 || event.workspaceId !== ctxOfSession.principal.workspaceId || !event.storeId) return;
    const ctx = ctxOfSession;
    const touched = [event.path, event.previousPath].filter((p): p is string => !!p).map((p) => resourceUri(event.storeId!, p));
    for (const uri of touched) {
      if (!subscriptions.has(uri)) continue;
      void authorizeStore(ctx, "memory:read", event.storeId)
        .then(() => readGate(ctx.principal, event.storeId!))
        .then((visible) => {
          if (visible && !visible(parseResourceUri(uri).path)) throw new Error("path no longer readable");
          return server.server.sendResourceUpdated({ uri });
        })
        .catch(() => subscriptions.delete(uri)); // access gone, or the session closed
    }
  });
}
