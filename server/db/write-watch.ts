import "server-only";

/**
 * Per-table write counters for this process. The driver adapters are wrapped (watchWrites) so
 * every INSERT/UPDATE/DELETE the Prisma client sends, in or out of a transaction, bumps its
 * table's counter; in-process caches (server/auth/auth-cache.ts) compare counters to drop
 * entries the moment a row they depend on may have changed.
 */
const counters = new Map<string, number>();

export function bumpTable(table: string): void {
  counters.set(table, (counters.get(table) ?? 0) + 1);
}

// Commits by other processes: SQLite's `PRAGMA data_version` changes whenever another
// connection commits to the file (CLI, tests, a second server), so caches drop then too.
const externalProbes: (() => number)[] = [];

export function watchExternalCommits(probe: () => number): void {
  externalProbes.push(probe);
}

// Probed once per turn of the event loop, not once per lookup (a request makes four): another
// process's commit is seen from the next turn on.
let external: number | null = null;
function externalCommits(): number {
  if (external === null) {
    external = 0;
    for (const probe of externalProbes) external += probe();
    setImmediate(() => (external = null));
  }
  return external;
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
      const table = WRITE.exec(query.sql)?.[1];
      if (table) {
        bumpTable(table);
        written?.add(table);
      }
      return original(query);
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
      };
      return tx;
    };
    onConnect?.(adapter);
    return adapter;
  };
  return factory;
}
