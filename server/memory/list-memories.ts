import "server-only";
import { rollupPrefix } from "@/lib/memory-path";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, encodeCursor } from "../http/cursor";
import type { StoreRef } from "../stores/store-ref";
import { toWireMemory, type View } from "./serialize";

export type ListMemoriesInput = { pathPrefix: string; depth: number; limit: number; page?: string; view: View };
type Item = ReturnType<typeof toWireMemory> | { type: "memory_prefix"; path: string };
/** Resume strictly after `after`, or at it when `inclusive` (past a rolled-up directory). */
type Cursor = { after: string; inclusive: number };

// Every path inside directory `dir` sorts between `dir` and this bound (its trailing `/`
// becomes `0`, the next byte), so one range comparison skips a whole rolled-up directory.
const pastDirectory = (dir: string) => dir.slice(0, -1) + "0";

/**
 * Lists live memories under a prefix in path (byte) order. With depth > 0, memories deeper than
 * `depth` are rolled up into one `memory_prefix` per directory, each counting toward `limit`.
 */
export async function listMemories(ctx: RequestContext, storeId: string, input: ListMemoriesInput) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const visible = await readGate(ctx.principal, storeId);
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { after: "string", inclusive: "integer" });
  let lower: { gt: string } | { gte: string } = cursor ? (cursor.inclusive ? { gte: cursor.after } : { gt: cursor.after }) : { gte: input.pathPrefix };
  const upper = input.pathPrefix === "/" ? {} : { lt: pastDirectory(input.pathPrefix) };
  const items: Item[] = [];
  let next: Cursor | null = null;

  let exhausted = false;

  fill: for (;;) {
    const take = input.limit + 1 - items.length;
    // Content is left out here: a rolled-up directory discards the rest of its batch, and
    // view=full fetches the contents of the listed memories once, below.
    const rows = await db.memory.findMany({
      where: { workspaceId: store.workspaceId, storeId, livePath: { ...lower, ...upper } },
      orderBy: { livePath: "asc" },
      take,
      omit: { content: true },
    });
    for (const row of rows) {
      // A row beyond a full page: there is more, and `next` already points past the last item.
      if (items.length === input.limit) break fill;
      // A path-scoped key: what it may not read is not there (nor rolls up into a directory).
      if (visible && !visible(row.path)) {
        lower = { gt: row.path };
        continue;
      }
      const dir = rollupPrefix(row.path, input.pathPrefix, input.depth);
      if (dir) {
        items.push({ type: "memory_prefix", path: dir });
        lower = { gte: pastDirectory(dir) };
        next = { after: pastDirectory(dir), inclusive: 1 };
        continue fill;
      }
      items.push(toWireMemory({ ...row, content: "" }, "basic"));
      lower = { gt: row.path };
      next = { after: row.path, inclusive: 0 };
    }
    if (rows.length < take) {
      exhausted = true;
      break;
    }
  }
  if (input.view === "full") await fillContents(store, items);
  return { data: items, next_page: !exhausted && next ? encodeCursor(next) : null };
}

async function fillContents(store: StoreRef, items: Item[]): Promise<void> {
  const { db } = await getDb();
  const ids = items.flatMap((item) => (item.type === "memory" ? [item.id] : []));
  // Whole rows, so content, hash and version stay consistent even if a write landed in between.
  const rows = new Map(
    (await db.memory.findMany({ where: { workspaceId: store.workspaceId, storeId: store.id, id: { in: ids } } })).map((row) => [row.id, row]),
  );
  items.forEach((item, index) => {
    const row = item.type === "memory" ? rows.get(item.id) : undefined;
    if (row) items[index] = toWireMemory(row, "full");
  });
}
