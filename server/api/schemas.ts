import "server-only";
import { z } from "@hono/zod-openapi";

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

const actor = z.union([
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
  })
  .passthrough()
  .openapi("MemoryVersion");

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_page: z.string().nullable() });
export const deleted = (type: string) => z.object({ id: z.string(), type: z.literal(type) });
