import "server-only";
import { z } from "@hono/zod-openapi";

// The wire contract. Routes declare these schemas (requests are parsed with them, answers checked
// against them in tests), serializers return their inferred types, and the console imports those
// types (`import type`); nothing else writes the shapes down.

export const storeParams = z.object({ memory_store_id: z.string().min(1).max(100) });
export const memoryParams = storeParams.extend({ memory_id: z.string().min(1).max(100) });
export const versionParams = storeParams.extend({ memory_version_id: z.string().min(1).max(100) });

export const view = z.enum(["basic", "full"]);
export const limit = z.coerce.number().int().min(1).max(100).default(20);
export const page = z.string().max(2048).optional();
export const booleanQuery = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional();
export const timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** With view=full a page holds at most 20 items, as in the memory stores API. */
export const cappedLimit = (requested: number, chosen: "basic" | "full") => (chosen === "full" ? Math.min(requested, 20) : requested);

export const actor = z.union([
  z.object({ type: z.literal("session_actor"), session_id: z.string() }),
  z.object({ type: z.literal("api_actor"), api_key_id: z.string() }),
  z.object({ type: z.literal("user_actor"), user_id: z.string() }),
]);

export const memoryStoreSchema = z
  .object({
    type: z.literal("memory_store"),
    id: z.string(),
    name: z.string(),
    description: z.string(),
    metadata: z.record(z.string(), z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    archived_at: z.string().nullable(),
  })
  .openapi("MemoryStore");

export const memorySchema = z
  .object({
    type: z.literal("memory"),
    id: z.string(),
    memory_store_id: z.string(),
    path: z.string(),
    content_sha256: z.string(),
    content_size_bytes: z.number(),
    memory_version_id: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    content: z.string().nullable(),
  })
  .openapi("Memory");

export const memoryPrefixSchema = z.object({ type: z.literal("memory_prefix"), path: z.string() }).openapi("MemoryPrefix");

/** Who redacted a version (text, finding or whole), when, why, and by which redaction. */
export const versionRedactionSchema = z
  .object({ redaction_id: z.string(), mode: z.string(), reason: z.string(), redacted_at: z.string(), redacted_by: actor })
  .openapi("VersionRedaction");

export const memoryVersionSchema = z
  .object({
    type: z.literal("memory_version"),
    id: z.string(),
    memory_id: z.string(),
    memory_store_id: z.string(),
    operation: z.enum(["created", "modified", "deleted"]),
    path: z.string().nullable(),
    content: z.string().nullable(),
    content_sha256: z.string().nullable(),
    content_size_bytes: z.number().nullable(),
    created_at: z.string(),
    created_by: actor,
    redacted_at: z.string().nullable(),
    redacted_by: actor.nullable(),
    /** Engram's extension: what caused the change, beyond the three wire operations. */
    engram: z.object({
      cause: z.string(),
      previous_path: z.string().nullable(),
      restored_from_version_id: z.string().nullable(),
      agent_id: z.string().nullable(),
      /** The key that made a session write: an admin key inside an agent's session is not the agent. */
      api_key_id: z.string().nullable(),
      redaction: versionRedactionSchema.nullable(),
    }),
  })
  .openapi("MemoryVersion");

/** A memory as one of its versions shows it (point-in-time reads): a redacted version has no hash or size. */
export const memoryAtSchema = memorySchema
  .extend({ content_sha256: z.string().nullable(), content_size_bytes: z.number().nullable(), redacted_at: z.string().nullable() })
  .openapi("MemoryAt");

export const timelineEventSchema = z
  .object({
    type: z.literal("timeline_event"),
    id: z.string(),
    kind: z.enum(["read", "create", "edit", "rename", "delete", "restore", "rollback"]),
    memory_store_id: z.string(),
    memory_id: z.string(),
    path: z.string().nullable(),
    previous_path: z.string().nullable(),
    memory_version_id: z.string(),
    previous_version_id: z.string().nullable(),
    operation: z.enum(["created", "modified", "deleted"]).nullable(),
    cause: z.string().nullable(),
    content_size_bytes: z.number().nullable(),
    previous_content_size_bytes: z.number().nullable(),
    restored_from_version_id: z.string().nullable(),
    redacted: z.boolean(),
    redaction: versionRedactionSchema.nullable(),
    diff: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("TimelineEvent");

/** One memory event of the live stream (`GET /events`, Server-Sent Events): ids, path and cause, never content. */
export const memoryEventSchema = z
  .object({
    type: z.literal("memory_event"),
    seq: z.number().int(),
    action: z.string(),
    memory_store_id: z.string().nullable(),
    session_id: z.string().nullable(),
    memory_id: z.string().nullable(),
    memory_version_id: z.string().nullable(),
    path: z.string().nullable(),
    previous_path: z.string().nullable(),
    cause: z.string().nullable(),
    proposal_id: z.string().optional(),
    created_at: z.string(),
  })
  .openapi("MemoryEvent");

/** Redacting versions under a legal hold needs this explicit override; the audit event records it. */
export const holdOverrideReason = z.string().trim().min(1).max(1000).optional();

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_page: z.string().nullable() });
export const deleted = (type: string) => z.object({ id: z.string(), type: z.literal(type) });

export type WireActor = z.infer<typeof actor>;
export type WireMemoryStore = z.infer<typeof memoryStoreSchema>;
export type WireMemory = z.infer<typeof memorySchema>;
export type WireMemoryAt = z.infer<typeof memoryAtSchema>;
export type WireMemoryPrefix = z.infer<typeof memoryPrefixSchema>;
export type WireMemoryVersion = z.infer<typeof memoryVersionSchema>;
export type WireVersionRedaction = z.infer<typeof versionRedactionSchema>;
export type WireTimelineEvent = z.infer<typeof timelineEventSchema>;
export type WireMemoryEvent = z.infer<typeof memoryEventSchema>;
export type Page<T> = { data: T[]; next_page: string | null };
