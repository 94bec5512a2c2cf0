import "server-only";
import { config } from "../config";
import { processState } from "../process-state";
import { TAKE_WRITE_LOCK } from "./take-write-lock";

/**
 * Per-table write counters for this process. The driver adapters are wrapped (watchWrites) so
 * every INSERT/UPDATE/DELETE the Prisma client sends, in or out of a transaction, bumps its
 * table's counter; in-process caches (server/auth/auth-cache.ts) compare counters to drop
 * entries the moment a row they depend on may have changed.
 */
const state = processState("write-watch", () => ({
  counters: new Map<string, number>(),
  /** Commits by other processes (see watchExternalCommits). */
  externalProbes: [] as (() => number)[],
  /** This turn's probe result (see externalCommits). */
  external: null as number | null,
  /** Tables some cache depends on (watchTables): their committed writes are announced to other processes. */
  watched: new Set<string>(),
  announce: null as ((tables: string[]) => Promise<void>) | null,
  /** PostgreSQL: other instances' announcements reach this process (the relay is listening). */
  hearing: false,
}));
const counters = state.counters;
/** PostgreSQL channel: which watched tables an instance has written (the relay bumps them in every other). */
export const TABLES_CHANNEL = "engram_tables";

export function bumpTable(table: string): void {
  counters.set(table, (counters.get(table) ?? 0) + 1);
}

// Commits by other processes: SQLite's `PRAGMA data_version` changes whenever another
// connection commits to the file (CLI, tests, a second server), so caches drop then too.
export function watchExternalCommits(probe: () => number): void {
  state.externalProbes.push(probe);
}

// Probed once per turn of the event loop, not once per lookup (a request makes four): another
// process's commit is seen from the next turn on.
function externalCommits(): number {
  if (state.external === null) {
    let sum = 0;
    for (const probe of state.externalProbes) sum += probe();
    state.external = sum;
    setImmediate(() => (state.external = null));
  }
  return state.external;
}

/** Marks tables a cache depends on: committed writes to them are announced (announceCommittedWrites). */
export function watchTables(tables: readonly string[]): void {
  for (const table of tables) state.watched.add(table);
}

/**
 * PostgreSQL: `announce` tells other instances which watched tables this process has written,
 * after commit (db/client.ts sends a NOTIFY on TABLES_CHANNEL, from every process that writes —
 * the CLI too); their relays (events/pg-relay.ts) call bumpTable.
 */
export function announceCommittedWrites(announce: ((tables: string[]) => Promise<void>) | null): void {
  state.announce = announce;
}

/** Whether other processes' writes are heard (set by the relay while it listens); all counters move when it starts hearing. */
export function setHearingOthers(hearing: boolean): void {
  if (hearing && !state.hearing) for (const table of state.watched) bumpTable(table);
  state.hearing = hearing;
}

export function hearingOthers(): boolean {
  return state.hearing;
}

/** Announced before the write's caller goes on, so an answer about it is sent after the others were told. */
async function committed(tables: Iterable<string>): Promise<void> {
  const announced = [...tables].filter((table) => state.watched.has(table));
  if (announced.length > 0) await state.announce?.(announced);
}

/** A number that changes whenever any of `tables` is written here, or anything is committed by another process (SQLite). */
export function tablesGeneration(tables: readonly string[]): number {
  let sum = externalCommits(); // all counters only grow, so the sum changes iff one did
  for (const table of tables) sum += counters.get(table) ?? 0;
  return sum;
}

type Query = { sql: string };
type Queryable = { queryRaw(query: Query): Promise<unknown>; executeRaw(query: Query): Promise<unknown> };
type Transaction = Queryable & { commit(): Promise<void> };
type Adapter = Queryable & { startTransaction(...args: unknown[]): Promise<Transaction> };
type Factory = { connect(): Promise<unknown> };

// Prisma writes UPDATE `main`.`ApiKey` on SQLite and UPDATE "public"."ApiKey" on PostgreSQL.
const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?/i;

function watchQueryable(target: Queryable, written?: Set<string>): void {
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const original = target[method].bind(target);
    target[method] = (query: Query) => {
      const table = query.sql === TAKE_WRITE_LOCK ? undefined : WRITE.exec(query.sql)?.[1];
      if (!table) return original(query);
      bumpTable(table);
      if (written) {
        written.add(table);
        return original(query);
      }
      // Outside a transaction the statement has committed once it answers.
      return original(query).then(async (result) => {
        await committed([table]);
        return result;
      });
    };
  }
}

/** Wraps a Prisma driver-adapter factory so writes bump table counters; `onConnect` sees the adapter. */
export function watchWrites<F extends Factory>(factory: F, onConnect?: (adapter: unknown) => void): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as Adapter;
    watchQueryable(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: unknown[]) => {
      const tx = await startTransaction(...args);
      const written = new Set<string>();
      watchQueryable(tx, written);
      // Bump again once committed: a reader on another connection (PostgreSQL) may have cached
      // the old row between the write and the commit.
      const commit = tx.commit.bind(tx);
      tx.commit = async () => {
        await commit();
        for (const table of written) bumpTable(table);
        await committed(written);
      };
      return tx;
    };
    onConnect?.(adapter);
    return adapter;
  };
  return factory;
}

/** A value read while its tables stood at `generation`, at time `at` (ms). */
export type CacheEntry<V> = { value: V; at: number; generation: number };

/**
 * The one freshness rule of the in-process caches (auth-cache.ts, remembered-heads.ts): an entry is
 * reused while none of its tables has been written since it was read (here, by another process on
 * the SQLite file, or by another instance that announced it), and for config.authCacheMs at most.
 */
export function isFresh(entry: CacheEntry<unknown>, generation: number, now = Date.now()): boolean {
  return entry.generation === generation && now - entry.at < config.authCacheMs;
}
