import "server-only";
import { badRequest } from "./api-error";

// Cursors are opaque to clients: base64url JSON of the position after the last item.
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor<T extends Record<string, unknown>>(page: string | undefined, keys: (keyof T)[]): T | null {
  if (!page) return null;
  try {
    const value = JSON.parse(Buffer.from(page, "base64url").toString("utf8"));
    // Cursors come back from clients: only the expected keys with plain values (no NUL, which PostgreSQL refuses).
    if (value && typeof value === "object" && keys.every((key) => key in value && !String(value[key as string]).includes("\u0000"))) return value as T;
  } catch {
    // fall through to the error below
  }
  throw badRequest("page is not a valid cursor; pass the next_page value of a previous response");
}

export type Page<T> = { data: T[]; next_page: string | null };

/** Turns limit+1 fetched rows into a page and its cursor. */
export function pageOf<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, cursorOf: (row: Row) => Record<string, string | number>): Page<Item> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(toItem), next_page: more ? encodeCursor(cursorOf(kept[kept.length - 1])) : null };
}
