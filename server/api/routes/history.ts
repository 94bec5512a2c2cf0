import "server-only";
import { z } from "@hono/zod-openapi";
import { blameMemory } from "../../memory/blame-memory";
import { diffVersions } from "../../memory/diff-versions";
import { getMemoryAt } from "../../memory/get-memory-at";
import { listMemoriesAt } from "../../memory/list-memories-at";
import { restoreMemory } from "../../memory/restore-memory";
import { rollbackSession } from "../../memory/rollback-session";
import { toWireMemory } from "../../memory/serialize";
import { defineRoute } from "../define-route";
import { memoryListInputFrom, memoryListQuery } from "../memory-list-query";
import { actor, memoryAtSchema, memoryParams, memoryPrefixSchema, memorySchema, storeParams, timestamp, view } from "../schemas";

const tag = "History";
const versionId = z.string().regex(/^memver_[0-9A-Z]{26}$/, "must be a memory version id (memver_…)");
const sessionId = z.string().min(1).max(100);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal characters");
const nullableString = z.string().nullable();

const asOfSchema = z.object({ at: z.string(), session_id: nullableString, version_id: nullableString });
const pointInTimeQuery = z.object({ at: timestamp.optional(), session_id: sessionId.optional() });

const diffSchema = z
  .object({
    type: z.literal("memory_diff"),
    memory_id: z.string(),
    from_version_id: nullableString,
    to_version_id: z.string(),
    from_path: nullableString,
    to_path: nullableString,
    unified: z.string(),
    stats: z.object({ added: z.number(), removed: z.number() }),
  })
  .openapi("MemoryDiff");
export type WireDiff = z.infer<typeof diffSchema>;

const blameSchema = z
  .object({
    type: z.literal("memory_blame"),
    memory_id: z.string(),
    memory_store_id: z.string(),
    version_id: z.string(),
    path: z.string(),
    lines: z.array(
      z.object({
        line_number: z.number(),
        text: z.string(),
        version_id: z.string(),
        created_at: z.string(),
        created_by: actor,
        session_id: nullableString,
        agent_id: nullableString,
      }),
    ),
  })
  .openapi("MemoryBlame");
export type WireBlame = z.infer<typeof blameSchema>;

const rollbackItem = z.object({ memory_id: z.string(), memory_store_id: z.string(), path: z.string() });
const rollbackSchema = z
  .object({
    type: z.literal("session_rollback"),
    session_id: z.string(),
    dry_run: z.boolean(),
    reverted: z.array(
      rollbackItem.extend({ action: z.enum(["restored", "deleted", "recreated"]), version_id: nullableString, restored_from_version_id: nullableString }),
    ),
    conflicts: z.array(
      rollbackItem.extend({
        reason: z.enum(["changed_later", "redacted", "path_conflict"]),
        message: z.string(),
        version_id: nullableString,
        created_by: actor.nullable(),
        created_at: nullableString,
        conflicting_memory_id: z.string().optional(),
      }),
    ),
    unchanged: z.array(rollbackItem),
    skipped: z.array(z.object({ memory_store_id: z.string(), reason: z.enum(["read_only", "archived"]) })),
  })
  .openapi("SessionRollback");
export type WireSessionRollback = z.infer<typeof rollbackSchema>;

/** Engram's history extensions: restore, session rollback, diff, blame, the store at a moment. */
export const historyRoutes = [
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}/restore",
    summary: "Restore a memory to one of its versions (writes a new version; brings a deleted memory back)",
    tag,
    params: memoryParams,
    query: z.object({ view: view.default("basic") }),
    body: z.strictObject({
      version_id: versionId,
      precondition: z.strictObject({ type: z.literal("content_sha256"), content_sha256: sha256 }).nullish(),
    }),
    response: memorySchema,
    handler: async ({ ctx, params, query, body }) => {
      const { memory } = await restoreMemory(ctx, params.memory_store_id, params.memory_id, { versionId: body.version_id, precondition: body.precondition });
      return toWireMemory(memory, query.view);
    },
  }),
  defineRoute({
    method: "post",
    path: "/sessions/{session_id}/rollback",
    summary: "Roll back every memory change a session made (conflicting later changes are reported, never overwritten)",
    tag,
    params: z.object({ session_id: sessionId }),
    body: z.strictObject({ dry_run: z.boolean().optional() }),
    bodyOptional: true,
    response: rollbackSchema,
    handler: ({ ctx, params, body }) => rollbackSession(ctx, params.session_id, { dryRun: body.dry_run }),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}/diff",
    summary: "Unified diff between two versions of a memory (to defaults to the head, from to the version before to)",
    tag,
    params: memoryParams,
    query: z.object({ from: versionId.optional(), to: versionId.optional() }),
    response: diffSchema,
    handler: ({ ctx, params, query }) => diffVersions(ctx, params.memory_store_id, params.memory_id, query),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}/blame",
    summary: "Each line of a memory with the version, session and agent that last introduced it",
    tag,
    params: memoryParams,
    response: blameSchema,
    handler: ({ ctx, params }) => blameMemory(ctx, params.memory_store_id, params.memory_id),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories_at",
    summary: "List the store's memories as they were at a time or right after a session's last write",
    tag,
    params: storeParams,
    query: pointInTimeQuery.extend(memoryListQuery),
    response: z.object({ data: z.array(z.union([memoryAtSchema, memoryPrefixSchema])), next_page: nullableString, as_of: asOfSchema }),
    handler: ({ ctx, params, query }) =>
      listMemoriesAt(ctx, params.memory_store_id, { at: query.at, sessionId: query.session_id, ...memoryListInputFrom(query) }),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}/at",
    summary: "A memory as it was at a time or right after a session's last write",
    tag,
    params: memoryParams,
    query: pointInTimeQuery.extend({ view: view.default("full") }),
    response: memoryAtSchema.extend({ as_of: asOfSchema }),
    handler: ({ ctx, params, query }) => getMemoryAt(ctx, params.memory_store_id, params.memory_id, { at: query.at, sessionId: query.session_id }, query.view),
  }),
];
