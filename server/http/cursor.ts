import "server-only";
import { badRequest } from "./api-error";

// Cursors are opaque to clients: base64url JSON of the position after the last item.
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export type CursorShape = Record<string, "string" | "integer">;
export type CursorOf<S extends CursorShape> = { [K in keyof S]: S[K] extends "string" ? string : number };

/** Ids and paths are far shorter; anything longer is not a cursor Engram made. */
const MAX_STRING = 2048;

/**
 * Decodes a cursor a client sent back. Cursors come from clients, so each field is checked against
 * its declared type (a string without NUL, which PostgreSQL refuses, or a safe integer) and copied
 * into a fresh object: a crafted value such as {"id":{"not":""}} never reaches a query as an object.
 */
export function decodeCursor<S extends CursorShape>(page: string | undefined, shape: S): CursorOf<S> | null {
  if (!page) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(page, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalidCursor();
  const out: Record<string, string | number> = {};
  for (const [key, type] of Object.entries(shape)) {
    const field = (value as Record<string, unknown>)[key];
    if (type === "string" && typeof field === "string" && field.length <= MAX_STRING && !field.includes("\u0000")) out[key] = field;
    else if (type === "integer" && Number.isSafeInteger(field)) out[key] = field as number;
    else throw invalidCursor();
  }
  return out as CursorOf<S>;
}

const invalidCursor = () => badRequest("page is not a valid cursor; pass the next_page value of a previous response");

export type Page<T> = { data: T[]; next_page: string | null };

/** Turns limit+1 fetched rows into a page and its cursor. */
export function pageOf<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, cursorOf: (row: Row) => Record<string, string | number>): Page<Item> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(toItem), next_page: more ? encodeCursor(cursorOf(kept[kept.length - 1])) : null };
}
