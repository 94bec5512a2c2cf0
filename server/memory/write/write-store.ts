import "server-only";
import type { Dialect } from "../../db/client";
import { auditRow, nextEvent, type AuditInput, type ChainHead } from "../../audit/append-audit-event";
import type { Memory, MemoryVersion } from "../../db/generated/sqlite/client";
import { allRows, getRow, jsonList, runSql, writeRow, type Step } from "../../db/sql-step";
import { assignments, auditColumns, decodeRow, headColumns, insertSql, memoryColumns, selectList, valuesOf, versionColumns } from "./columns";
import { generations, remember, rememberedHead } from "./remembered-heads";
import { tsvectorLiteral } from "@/lib/search/search-words";

export type StoreState = { id: string; workspaceId: string; archivedAt: Date | null; hmacKey: string | null };
/** The memory row a change was planned on, as far as the write checks it (writeChange). */
export type PlannedOn = Pick<Memory, "headVersionId" | "path" | "contentSha256">;
export type PathHolder = { id: string; livePath: string | null };

/**
 * Two PostgreSQL writers took the same free path at once and the unique live-path index refused
 * this one. Its transaction is aborted, so the winner is looked up after the rollback
 * (run-write.ts), to answer the same 409 as if this writer had seen the other's memory.
 */
export class LivePathRace extends Error {
  constructor(
    readonly storeId: string,
    readonly path: string,
  ) {
    super(`live path taken concurrently`);
  }
}

/**
 * The memory's head moved between the read a change was planned on and its write (a reader that
 * took no row lock, see `liveMemory`): the transaction is rolled back and the step runs again on
 * the new head (run-write.ts), where its precondition is judged afresh.
 */
export class HeadMoved extends Error {
  constructor(readonly memoryId: string) {
    super("memory head moved under the write");
  }
}

// The unique live-path index, as PostgreSQL names it in a violation: the partition's own index
// (`Memory_p03_storeId_livePath_workspaceId_idx`) on a partitioned table, `Memory_storeId_livePath_key` otherwise.
const isLivePathIndex = (constraint: string | undefined) => constraint !== undefined && /^Memory(_p\d+)?_storeId_livePath/.test(constraint);

// PostgreSQL's "Memory" also holds the search index's words (migration 20261207140000_search_words), not in the Prisma model.
const SEARCH_WORDS = "searchWords";
const WORDS_VALUE = { [SEARCH_WORDS]: "?::tsvector" };

const chainHeadSql = (t: Tables) => `SELECT "seq", "hash" FROM "${t.AuditEvent}" WHERE "workspaceId" = ? AND "seq" > 0 ORDER BY "seq" DESC LIMIT 1`;

type Tables = { Memory: string; MemoryVersion: string; AuditEvent: string };
/**
 * The tables a write touches, by name. PostgreSQL: the workspace's own partitions of them
 * (`Memory_p11`, workspace-partitions.ts), so a write statement names no partitioned table and
 * its prepared plan may be generic (planned once, not at each write) and still lock nothing but
 * the workspace's partitions (pg-pool.ts).
 */
const tablesOf = (partition: string): Tables => ({
  Memory: `Memory${partition}`,
  MemoryVersion: `MemoryVersion${partition}`,
  AuditEvent: `AuditEvent${partition}`,
});
// An unsealed event's seq: negative, unique, in the order writers got there (after their row locks).
const pendingSeq = { seq: `-nextval('"AuditEvent_pending_seq"')` };
const pendingColumns = auditColumns.filter((c) => c !== "seq"); // the values after the seq expression

/**
 * The storage side of a memory write: a few reads and the writes of one change, as steps
 * (server/db/sql-step.ts) run by better-sqlite3 or pg. The SQL is the same for both databases
 * but where a dialect needs its own words (row locks, JSON arrays); every column list comes from
 * columns.ts. The rules that decide a change live in plan-change.ts, not here.
 */
/**
 * PostgreSQL: the whole change in one statement (one round trip), atomic on its own, so it needs no
 * transaction around it: the workspace's lock in shared mode (l: writers never wait for one another,
 * only for a workspace-wide redaction or rollback), the head moved (m: only from the head the change
 * was planned on), and the version and the unsealed audit event inserted for each head moved, so a
 * head that moved meanwhile writes nothing. Returns how many heads it moved (0 or 1).
 */
function* writeStatement(
  t: Tables,
  workspaceId: string,
  head: { sql: string; values: unknown[] },
  versionValues: unknown[],
  row: Record<string, unknown>,
): Step<number> {
  const moved = yield* writeRow<{ n: number | string }>(
    `WITH l AS (SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))), m AS (${head.sql} RETURNING 1),
     v AS (${insertSql(t.MemoryVersion, versionColumns, {}, "m")}), a AS (${insertSql(t.AuditEvent, auditColumns, pendingSeq, "m")})
     SELECT COUNT(*) AS "n" FROM m`,
    [workspaceId, ...head.values, ...versionValues, ...pendingColumns.map((c) => row[c])],
  );
  return Number(moved?.n ?? 0);
}

/**
 * A row-locking read was asked of a store that runs outside a transaction (`autocommit`), where
 * the lock would end with the statement: the step runs again in a transaction (run-write.ts).
 */
export class NeedsTransaction extends Error {
  constructor() {
    super("this write needs a transaction");
  }
}

/**
 * The storage of one workspace's writes. Every query names the workspace: on PostgreSQL the tables
 * that hold content and paths are partitioned by it (server/db/workspace-partitions.ts), so a write
 * touches its own workspace's partition only.
 */
export function writeStore(dialect: Dialect, workspaceId: string, options: { autocommit?: boolean; partition?: string; remembered?: boolean } = {}) {
  const pg = dialect === "postgresql";
  // Whether this store planned on a remembered head (remembered-heads.ts) and whether its write moved a head.
  const usage = { remembered: false, wrote: false };
  // Where the tables stood before this write planned, for remembering what it leaves (PostgreSQL
  // without a transaction only: SQLite and transactions never remember their writes).
  const before = pg && options.autocommit ? generations() : null;
  const t = tablesOf(options.partition ?? "");
  // A row lock outside a transaction would end with its statement.
  const locking = (sql: string) => {
    if (options.autocommit) throw new NeedsTransaction();
    return sql;
  };
  // PostgreSQL: lock the memory row for the transaction, so the head cannot move between the
  // read and the write. SQLite runs one writer at a time already.
  const forUpdate = pg ? " FOR UPDATE" : "";
  const memorySelect = `SELECT ${selectList(memoryColumns)} FROM "${t.Memory}"`;
  const inList = jsonList(dialect);
  const pathList = jsonList(dialect, { paths: true });
  const memoryRow = (row: Record<string, unknown> | undefined) => (row ? decodeRow<Memory>(row) : null);
  // PostgreSQL also writes the search index's words (search-words.ts), which it then only parses.
  const headWrites = pg ? [...headColumns, SEARCH_WORDS] : headColumns;
  const rowWrites = pg ? [...memoryColumns, SEARCH_WORDS] : memoryColumns;
  const wordsOf = (memory: Memory) => (pg ? [memory.deletedAt === null ? tsvectorLiteral(memory.content) : ""] : []);

  return {
    dialect,
    usage,

    *storeState(storeId: string): Step<StoreState | null> {
      const row = yield* getRow<StoreState>(
        `SELECT s."id", s."workspaceId", s."archivedAt", w."hmacKey" FROM "Store" s JOIN "Workspace" w ON w."id" = s."workspaceId" WHERE s."id" = ? AND s."workspaceId" = ?`,
        [storeId, workspaceId],
      );
      return row ? decodeRow<StoreState>(row) : null;
    },

    /**
     * A memory of the store that is not deleted, its row locked until commit (PostgreSQL). With
     * `lock: false` nothing waits: the write then moves the head only if it has not moved since
     * (writeChange), so a writer whose precondition is stale is told so at once instead of
     * queueing behind every writer of that memory for the row lock.
     */
    *liveMemory(storeId: string, memoryId: string, options = { lock: true }): Step<Memory | null> {
      const lock = options.lock ? locking(forUpdate) : "";
      return memoryRow(
        yield* getRow(`${memorySelect} WHERE "id" = ? AND "workspaceId" = ? AND "storeId" = ? AND "deletedAt" IS NULL${lock}`, [
          memoryId,
          workspaceId,
          storeId,
        ]),
      );
    },

    /**
     * The store's state and one of its live memories in one read, without locks (an optimistic
     * content update or delete: its write moves the head only from the head read here).
     */
    *storeAndLiveMemory(storeId: string, memoryId: string): Step<{ store: StoreState | null; memory: Memory | null }> {
      // `remembered`: what this process last read or wrote of them, if it still may (remembered-heads.ts).
      const known = options.remembered ? rememberedHead(workspaceId, storeId, memoryId) : null;
      if (known && known.memory.deletedAt === null) {
        usage.remembered = true;
        return known;
      }
      const read = generations();
      const row = yield* getRow<Record<string, unknown>>(
        `SELECT s."id" AS "storeRowId", s."archivedAt" AS "storeArchivedAt", w."hmacKey" AS "storeHmacKey", ${selectList(memoryColumns, "m")}
           FROM "Store" s JOIN "Workspace" w ON w."id" = s."workspaceId"
           LEFT JOIN "${t.Memory}" m ON m."id" = ? AND m."workspaceId" = ? AND m."storeId" = s."id" AND m."deletedAt" IS NULL
          WHERE s."id" = ? AND s."workspaceId" = ?`,
        [memoryId, workspaceId, storeId, workspaceId],
      );
      if (!row) return { store: null, memory: null };
      const store = decodeRow<StoreState>({ id: row.storeRowId, workspaceId, archivedAt: row.storeArchivedAt, hmacKey: row.storeHmacKey });
      const memory = row.id === null ? null : memoryRow(row);
      remember(read, store, memory);
      return { store, memory };
    },

    /** A memory of the store, deleted or not. */
    *anyMemory(storeId: string, memoryId: string): Step<Memory | null> {
      return memoryRow(
        yield* getRow(`${memorySelect} WHERE "id" = ? AND "workspaceId" = ? AND "storeId" = ?${locking(forUpdate)}`, [memoryId, workspaceId, storeId]),
      );
    },

    *liveMemoryAt(storeId: string, path: string): Step<Memory | null> {
      return memoryRow(
        yield* getRow(`${memorySelect} WHERE "storeId" = ? AND "livePath" = ? AND "workspaceId" = ?${locking(forUpdate)}`, [storeId, path, workspaceId]),
      );
    },

    *memoriesById(ids: readonly string[]): Step<Memory[]> {
      if (ids.length === 0) return [];
      const rows = yield* allRows<Record<string, unknown>>(
        `${memorySelect} WHERE "workspaceId" = ? AND "id" IN ${inList} ORDER BY "path"${locking(forUpdate)}`,
        [workspaceId, JSON.stringify(ids)],
      );
      return rows.map((row) => decodeRow<Memory>(row));
    },

    /** Live files at or below a directory prefix (`/` for all), by path. */
    *liveFiles(storeId: string, prefix: string): Step<{ path: string; sizeBytes: number }[]> {
      const files = `SELECT "path", "sizeBytes" FROM "${t.Memory}" WHERE "workspaceId" = ? AND "storeId" = ?`;
      if (prefix === "/") return yield* allRows(`${files} AND "livePath" IS NOT NULL ORDER BY "livePath"`, [workspaceId, storeId]);
      return yield* allRows(`${files} AND "livePath" >= ? AND "livePath" < ? ORDER BY "livePath"`, [workspaceId, storeId, prefix, `${prefix.slice(0, -1)}0`]);
    },

    *version(storeId: string, versionId: string): Step<MemoryVersion | null> {
      const row = yield* getRow<Record<string, unknown>>(
        `SELECT ${selectList(versionColumns)} FROM "${t.MemoryVersion}" WHERE "id" = ? AND "workspaceId" = ? AND "storeId" = ?`,
        [versionId, workspaceId, storeId],
      );
      return row ? decodeRow<MemoryVersion>(row) : null;
    },

    /**
     * Orders the writers that check path rules within a store (creates, renames, re-creations): the
     * unique live-path index refuses an exact duplicate, but nothing refuses `/a` beside `/a/b`, so two
     * such writers must not both check before either has written. PostgreSQL: the store row's lock
     * until commit (FOR NO KEY UPDATE, which the key-share locks of other writers' inserts never wait
     * for: content updates and other stores go on). SQLite has one writer at a time already.
     */
    *lockPaths(storeId: string): Step<void> {
      if (pg) yield* getRow(locking(`SELECT 1 AS "locked" FROM "Store" WHERE "id" = ? AND "workspaceId" = ? FOR NO KEY UPDATE`), [storeId, workspaceId]);
    },

    /**
     * The live memory that holds `path` or overlaps it (`/notes` blocks `/notes/todo.md` and the
     * reverse), other than `exceptId`. Range comparisons, not LIKE: SQLite's LIKE ignores case.
     */
    *pathHolder(storeId: string, path: string, ancestors: readonly string[], exceptId: string | null): Step<PathHolder | null> {
      const row = yield* getRow<PathHolder>(
        `SELECT "id", "livePath" FROM "${t.Memory}" WHERE "workspaceId" = ? AND "storeId" = ? AND "id" <> ? AND ("livePath" IN ${pathList} OR ("livePath" >= ? AND "livePath" < ?)) LIMIT 1`,
        [workspaceId, storeId, exceptId ?? "", JSON.stringify([path, ...ancestors]), `${path}/`, `${path}0`],
      );
      return row ?? null;
    },

    *liveCount(storeId: string): Step<number> {
      const row = yield* getRow<{ n: number | string }>(
        `SELECT COUNT(*) AS "n" FROM "${t.Memory}" WHERE "workspaceId" = ? AND "storeId" = ? AND "livePath" IS NOT NULL`,
        [workspaceId, storeId],
      );
      return Number(row?.n ?? 0);
    },

    /**
     * Writes a planned change: the version, the head, the audit event. SQLite: three prepared
     * statements, the event sealed into the chain at once (one writer at a time). PostgreSQL: one
     * statement, the event unsealed (seq < 0) for the sealer, so writers share no chain head.
     * The head moves only from the row the change was planned on (`plannedOn`: its head, path and
     * content; null: a new memory); if the row is no longer so, HeadMoved. Returns the event's seq,
     * or null when unsealed.
     */
    *writeChange(version: MemoryVersion, memory: Memory, plannedOn: PlannedOn | null, audit: AuditInput): Step<number | null> {
      // The head moves only from `plannedOn`; a new memory is inserted. On PostgreSQL both happen
      // FROM l, once the workspace's lock is held (writeStatement).
      const from = pg ? " FROM l" : "";
      const head =
        plannedOn !== null
          ? {
              sql: `UPDATE "${t.Memory}" SET ${assignments(headWrites, WORDS_VALUE)}${from} WHERE "id" = ? AND "workspaceId" = ? AND "headVersionId" = ? AND "path" = ? AND "contentSha256" = ?`,
              values: [
                ...valuesOf(memory, headColumns),
                ...wordsOf(memory),
                memory.id,
                workspaceId,
                plannedOn.headVersionId,
                plannedOn.path,
                plannedOn.contentSha256,
              ],
            }
          : { sql: insertSql(t.Memory, rowWrites, WORDS_VALUE, pg ? "l" : undefined), values: [...valuesOf(memory, memoryColumns), ...wordsOf(memory)] };
      const versionValues = valuesOf(version, versionColumns);
      if (!pg) {
        yield* runSql(insertSql(t.MemoryVersion, versionColumns), versionValues);
        if ((yield* runSql(head.sql, head.values)) !== 1) throw new HeadMoved(memory.id);
        const event = nextEvent(audit, yield* getRow<ChainHead>(chainHeadSql(t), [audit.workspaceId]));
        yield* runSql(insertSql(t.AuditEvent, auditColumns), valuesOf(event, auditColumns));
        return event.seq;
      }
      let moved: number;
      try {
        moved = yield* writeStatement(t, workspaceId, head, versionValues, { ...auditRow(audit), prevHash: "", hash: "" });
      } catch (error) {
        // Two writers took the same free path at once: the unique live-path index decides, and the
        // later one gets the same 409 as if it had seen the other's memory.
        if (isLivePathIndex((error as { constraint?: string }).constraint)) throw new LivePathRace(memory.storeId, memory.path);
        throw error;
      }
      if (moved !== 1) throw new HeadMoved(memory.id);
      usage.wrote = true;
      // What the next write of this memory may plan on (committed once this statement answered: autocommit).
      if (before) remember(before, null, memory);
      return null;
    },
  };
}

export type WriteStore = ReturnType<typeof writeStore>;
