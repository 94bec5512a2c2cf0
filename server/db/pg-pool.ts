import "server-only";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import pg from "pg";
import { config } from "../config";
import { trackPool, untrackPool } from "./pool-stats";
import type { Step } from "./sql-step";
import { WORKSPACE_PARTITIONED_TABLES } from "./workspace-partitions";
import { processState } from "../process-state";

/**
 * The write path's own pg pool (Prisma keeps its pool for everything else). Sized to the machine:
 * a write holds a connection for a few round trips, so about two per core keep PostgreSQL busy
 * without piling up backends that only wait on each other's row locks.
 */
const poolSize = () => config.pgPoolSize ?? Math.max(4, availableParallelism() * 2 + 2);

// TIMESTAMP(3) columns (no time zone) hold UTC, as Prisma writes them: parse them as UTC.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Plan each statement with its parameters (Prisma's pool). A generic (parameter-free) plan of a query
 * on a table partitioned by workspace (workspace-partitions.ts) covers every partition and locks them
 * all when it runs, so it would wait for a partition that a redaction is rewriting in another
 * workspace; a plan made with the workspace's id reads and locks that workspace's partition only.
 */
export const PLAN_EACH_TIME = "-c plan_cache_mode=force_custom_plan";

/**
 * The write path's pool keeps generic plans where they are safe. Its statements that name a
 * partitioned table run unnamed (parsed and planned with their parameters each time, as above);
 * the rest, the memory writes among them (write-store.ts names the workspace's own partitions),
 * are prepared once per connection and, after five runs, planned once, which saves much of PostgreSQL's
 * CPU per write (bench/README.md, bench/pg-statements.ts).
 */
const PARTITIONED = new RegExp(`"(?:${WORKSPACE_PARTITIONED_TABLES.join("|")})"`);

type PoolState = Map<string, pg.Pool>;
const pools = processState<PoolState>("pg-pools", () => new Map());

export function pgPool(url = config.databaseUrl): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: poolSize(), types });
    // An idle client losing its server (PostgreSQL restarted) must not crash the process.
    pool.on("error", (error: Error) => console.error("engram pg pool: idle connection error", error.message));
    pools.set(url, pool);
    trackPool("write", pool);
  }
  return pool;
}

export async function closePgPools(url?: string): Promise<void> {
  for (const [key, pool] of pools) {
    if (url && key !== url) continue;
    pools.delete(key);
    untrackPool(pool);
    await pool.end().catch(() => undefined);
  }
}

// `?` → `$1, $2, …`, and a stable name so each connection prepares a statement once (none for a
// statement on a partitioned table: see PARTITIONED).
const texts = processState("pg-statement-texts", () => new Map<string, { text: string; name?: string }>());
export function pgText(sql: string) {
  let entry = texts.get(sql);
  if (!entry) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    entry = { text, name: PARTITIONED.test(text) ? undefined : `e${createHash("sha1").update(text).digest("hex").slice(0, 20)}` };
    texts.set(sql, entry);
  }
  return entry;
}

const pgValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * Runs a step to completion on a pg client (one round trip per query it yields). `oneWrite`: the
 * client is outside a transaction, so each statement commits alone; the step may then write once,
 * as its last statement (pgAutocommit).
 */
export async function runStepPg<T>(client: pg.PoolClient, step: Step<T>, options: { oneWrite?: boolean } = {}): Promise<T> {
  let wrote = false;
  let next = step.next();
  while (!next.done) {
    const query = next.value;
    if (options.oneWrite && wrote) throw new Error("a write step outside a transaction ran a statement after its write");
    wrote ||= query.writes === true;
    const { text, name } = pgText(query.sql);
    let result: unknown;
    try {
      const answer = await client.query({ name, text, values: query.params.map(pgValue) });
      result = query.kind === "get" ? answer.rows[0] : query.kind === "all" ? answer.rows : (answer.rowCount ?? 0);
    } catch (error) {
      // Let the step see the failure where it asked (it may turn a unique violation into a 409).
      next = step.throw(error);
      continue;
    }
    next = step.next(result);
  }
  return next.value;
}

/**
 * A checked-out client's connection can fail between queries (PostgreSQL shut down): pg then emits
 * `error` on the client, which would end the process with no listener (the pool listens only to
 * idle clients). The query in flight, or the next one, fails with it, and the pool drops the
 * broken client on release, so the event itself needs nothing more than a line in the log.
 */
export function noteConnectionError(error: Error): void {
  console.error("engram pg: connection lost", error.message);
}

const RETRIES = 5;
const transient = (error: unknown) => ["40001", "40P01"].includes(String((error as { code?: unknown })?.code));

type PooledWork<T> = (client: pg.PoolClient, afterCommit: (callback: () => void) => void) => Promise<T>;

/**
 * One transaction on a pooled connection: BEGIN, `fn`, COMMIT; rolled back on any error and
 * retried on serialization failures and deadlocks. `afterCommit` callbacks run once durable.
 */
export function pgTransaction<T>(fn: PooledWork<T>, url?: string): Promise<T> {
  return onPooledClient(fn, true, url);
}

/**
 * `fn` on a pooled connection outside a transaction: each statement commits on its own, so `fn`
 * must write at most once, in one statement that holds everything the change writes (its step runs
 * with `oneWrite`). Saves BEGIN and COMMIT, two of a write's round trips. Retried like pgTransaction;
 * `afterCommit` callbacks run once `fn` has returned.
 */
export function pgAutocommit<T>(fn: PooledWork<T>, url?: string): Promise<T> {
  return onPooledClient(fn, false, url);
}

async function onPooledClient<T>(fn: PooledWork<T>, transaction: boolean, url?: string): Promise<T> {
  const pool = pgPool(url);
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    client.on("error", noteConnectionError);
    const callbacks: (() => void)[] = [];
    let broken = false;
    try {
      if (transaction) await client.query("BEGIN");
      const result = await fn(client, (callback) => callbacks.push(callback));
      if (transaction) await client.query("COMMIT");
      runCallbacks(callbacks);
      return result;
    } catch (error) {
      if (transaction) await client.query("ROLLBACK").catch(() => (broken = true));
      if (attempt < RETRIES && transient(error)) continue;
      throw error;
    } finally {
      client.removeListener("error", noteConnectionError);
      client.release(broken);
    }
  }
}

function runCallbacks(callbacks: (() => void)[]): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      console.error("afterCommit callback failed", error);
    }
  }
}
