import "server-only";
import type { Memory } from "../../db/generated/sqlite/client";
import { hearingOthers, isFresh, tablesGeneration, watchTables, type CacheEntry } from "../../db/write-watch";
import { processState } from "../../process-state";
import type { StoreState } from "./write-store";

const MAX_ENTRIES = 10_000;
// Memory rows carry their content: the map holds at most this many characters of it, and a row
// larger than a tenth of that is not remembered (its write reads it, as before).
const MAX_CONTENT_CHARS = 8 * 1024 * 1024;
// The store's state is remembered like an authorization lookup (auth-cache.ts), under the same
// rule (write-watch.ts isFresh): dropped when a store or workspace row is written here or on
// another instance (announced through the relay).
const STORE_TABLES = ["Store", "Workspace"];
// A memory row can change without its head moving (a redaction masks its content or path): such
// writes go through Prisma, which counts them here and announces them to the other instances.
const MEMORY_TABLES = ["Memory"];

type Remembered = { stores: Map<string, CacheEntry<StoreState>>; memories: Map<string, CacheEntry<Memory>>; memoryGeneration: number; contentChars: number };
const state = processState<Remembered>("remembered-heads", () => ({ stores: new Map(), memories: new Map(), memoryGeneration: -1, contentChars: 0 }));
watchTables([...STORE_TABLES, ...MEMORY_TABLES]);

function forgetMemories(): void {
  state.memories.clear();
  state.contentChars = 0;
}

/** Where the tables stood before a read: what the read finds is remembered under it, so a write that lands meanwhile makes it stale. */
export type Generations = { store: number; memory: number };
export const generations = (): Generations => ({ store: tablesGeneration(STORE_TABLES), memory: tablesGeneration(MEMORY_TABLES) });

/**
 * PostgreSQL: what this process last read or wrote of a store and of a memory's head, so that an
 * optimistic content update or delete can plan on it and skip its read (one round trip instead of
 * two). Nothing remembered is trusted: the write moves the head only from the head it was planned
 * on, and a step planned on remembered state that does not end in such a write (a rule refused it,
 * the head had moved, nothing needed writing, a proposal) runs again on a fresh read (run-write.ts),
 * so a remembered state never answers a request by itself. Used only while this instance hears the
 * others' writes (as auth-cache.ts), which is what keeps the store's state fresh across instances.
 */
export function rememberedHead(workspaceId: string, storeId: string, memoryId: string): { store: StoreState; memory: Memory } | null {
  if (!hearingOthers()) return null;
  const now = generations();
  if (now.memory !== state.memoryGeneration) {
    // All at once, not entry by entry: a redacted memory's old content does not stay here.
    forgetMemories();
    state.memoryGeneration = now.memory;
    return null;
  }
  const store = state.stores.get(storeId);
  const memory = state.memories.get(memoryId);
  if (!store || !isFresh(store, now.store) || store.value.workspaceId !== workspaceId) return null;
  if (!memory || memory.generation !== now.memory || memory.value.workspaceId !== workspaceId || memory.value.storeId !== storeId) return null;
  return { store: store.value, memory: memory.value };
}

/** Remembers a store's state and a memory's row, as read or as a committed write left them, under the generations read before. */
export function remember(before: Generations, store: StoreState | null, memory: Memory | null): void {
  if (!hearingOthers()) return;
  const at = Date.now();
  if (store) {
    if (state.stores.size >= MAX_ENTRIES) state.stores.clear();
    state.stores.set(store.id, { value: store, at, generation: before.store });
  }
  if (memory) {
    const replaced = state.memories.get(memory.id);
    if (replaced) state.contentChars -= replaced.value.content.length;
    state.memories.delete(memory.id);
    if (memory.content.length > MAX_CONTENT_CHARS / 10) return;
    if (state.memories.size >= MAX_ENTRIES || state.contentChars + memory.content.length > MAX_CONTENT_CHARS) forgetMemories();
    state.memories.set(memory.id, { value: memory, at, generation: before.memory });
    state.contentChars += memory.content.length;
  }
}
