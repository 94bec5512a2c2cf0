import "server-only";
import type { AuditEvent, Memory, MemoryRead, MemoryVersion } from "../../db/generated/sqlite/client";

/**
 * The one column list per written table. The type checker holds each list to its model: a column
 * added to the schema and missing here (or a name that is not a column) fails `tsc`, and every
 * INSERT, UPDATE and row read of the write path is built from these lists.
 */
type Exactly<Model, List extends readonly (keyof Model)[]> = [Exclude<keyof Model, List[number]>] extends [never] ? List : never;

const list =
  <Model>() =>
  <const List extends readonly (keyof Model)[]>(columns: Exactly<Model, List>) =>
    columns;

export const versionColumns = list<MemoryVersion>()([
  "id",
  "workspaceId",
  "storeId",
  "memoryId",
  "operation",
  "cause",
  "content",
  "contentSha256",
  "sizeBytes",
  "path",
  "previousPath",
  "restoredFromId",
  "actorType",
  "sessionId",
  "apiKeyId",
  "userId",
  "agentId",
  "createdAt",
  "redactedAt",
  "redactedBy",
]);

export const memoryColumns = list<Memory>()([
  "id",
  "workspaceId",
  "storeId",
  "path",
  "livePath",
  "headVersionId",
  "content",
  "contentSha256",
  "sizeBytes",
  "createdAt",
  "updatedAt",
  "deletedAt",
]);

/** What moving a memory's head rewrites (everything but its identity and creation time). */
export const headColumns = [
  "path",
  "livePath",
  "headVersionId",
  "content",
  "contentSha256",
  "sizeBytes",
  "updatedAt",
  "deletedAt",
] as const satisfies readonly (keyof Memory)[];

export const auditColumns = list<AuditEvent>()([
  "id",
  "workspaceId",
  "seq",
  "createdAt",
  "actorType",
  "actorId",
  "action",
  "storeId",
  "sessionId",
  "targetType",
  "targetId",
  "requestId",
  "data",
  "dataSha256",
  "hashVersion",
  "prevHash",
  "hash",
]);

export const readColumns = list<MemoryRead>()([
  "id",
  "workspaceId",
  "storeId",
  "memoryId",
  "versionId",
  "path",
  "actorType",
  "sessionId",
  "apiKeyId",
  "userId",
  "createdAt",
]);

/** The columns that hold a date in any written table (`tsc` fails until a new date column is listed here). */
type DateColumn<Model> = { [K in keyof Model]: Model[K] extends Date | null ? K : never }[keyof Model];
type DateColumns = Record<DateColumn<Memory> | DateColumn<MemoryVersion> | DateColumn<AuditEvent>, Date>;
export const dateColumns = new Set<string>(list<DateColumns>()(["createdAt", "updatedAt", "deletedAt", "redactedAt"]));

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");
/**
 * `INSERT … VALUES (?, …)`; `expressions` puts SQL in place of some columns' placeholders. With
 * `from`, `INSERT … SELECT ?, … FROM <from>`: one row per row of `from` (none when it has none).
 */
export const insertSql = (table: string, columns: readonly string[], expressions: Record<string, string> = {}, from?: string) => {
  const values = columns.map((c) => expressions[c] ?? "?").join(", ");
  return `INSERT INTO "${table}" (${quoted(columns)}) ${from ? `SELECT ${values} FROM ${from}` : `VALUES (${values})`}`;
};
/** `"col" = ?, …` for an UPDATE's SET; `expressions` as for insertSql. */
export const assignments = (columns: readonly string[], expressions: Record<string, string> = {}) =>
  columns.map((c) => `"${c}" = ${expressions[c] ?? "?"}`).join(", ");
export const selectList = (columns: readonly string[], alias?: string) => columns.map((c) => (alias ? `${alias}."${c}"` : `"${c}"`)).join(", ");
export const valuesOf = <Row, C extends keyof Row>(row: Row, columns: readonly C[]) => columns.map((c) => row[c]);

/** A stored row as its model: dates parsed (SQLite returns text, pg a Date). */
export function decodeRow<Row>(row: Record<string, unknown>): Row {
  for (const column of dateColumns) {
    const value = row[column];
    if (value !== undefined && value !== null && !(value instanceof Date)) row[column] = new Date(String(value));
  }
  return row as Row;
}
