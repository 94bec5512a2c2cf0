import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { config, isPostgresUrl } from "../config";
import { closePgPools } from "./pg-pool";
import { trackPool, type PoolCounts } from "./pool-stats";
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from "./sqlite-checkpointer";
import { sqliteFilePath, sqlitePragmas } from "./sqlite-file";
import { SQLITE_OPTIMIZE_EVERY_MS, SQLITE_OPTIMIZE_PRAGMAS } from "./sqlite-optimize";
import type { SqliteConnection } from "./sqlite-statements";
import { announceCommittedWrites, TABLES_CHANNEL, watchExternalCommits, watchWrites } from "./write-watch";
import { pgPool, PLAN_EACH_TIME } from "./pg-pool";
import { processState } from "../process-state";

/** Both generated clients expose the same model API; the app is typed against one. */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type Dialect = "sqlite" | "postgresql";

type Handle = {
  db: Db;
  dialect: Dialect;
  url: string;
  ready: Promise<void>;
  /** SQLite: the one better-sqlite3 connection behind Prisma's adapter, once connected (hot-path statements, commit-version.ts). */
  sqlite?: SqliteConnection;
  stop?: () => void;
};

// One client per process (and per URL, for tests that use two databases).
const handles = processState<Map<string, Handle>>("db-handles", () => new Map());

export function openDb(url = config.databaseUrl): Handle {
  const existing = handles.get(url);
  if (existing) return existing;
  const handle = isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
  handles.set(url, handle);
  return handle;
}

function openSqlite(url: string): Handle {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const handle = { dialect: "sqlite", url } as Handle;
  const adapter = watchWrites(new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 }), (connected) => {
    const connection = (connected as { client: SqliteConnection }).client;
    handle.sqlite = connection;
    const dataVersion = connection.prepare("PRAGMA data_version").pluck().safeIntegers(false);
    watchExternalCommits(() => (connection.open ? (dataVersion.get() as number) : 0));
  });
  const db = new SqliteClient({ adapter });
  const ready = (async () => {
    for (const pragma of sqlitePragmas(config.sqliteSynchronous)) await db.$queryRawUnsafe(`PRAGMA ${pragma}`);
    // Checkpoints run on a worker thread (sqlite-checkpointer.ts); this one is the backstop.
    await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    // Statistics only make plans better: a busy database (another process holding the write lock
    // past busy_timeout) leaves them for the next pass instead of failing the start.
    const optimize = async () => {
      try {
        for (const pragma of SQLITE_OPTIMIZE_PRAGMAS) await db.$queryRawUnsafe(`PRAGMA ${pragma}`);
      } catch (error) {
        console.error("engram: PRAGMA optimize failed", (error as Error).message);
      }
    };
    await optimize();
    const optimizer = setInterval(() => void optimize(), SQLITE_OPTIMIZE_EVERY_MS);
    optimizer.unref();
    const stopCheckpointer = startCheckpointer(file);
    handle.stop = () => {
      clearInterval(optimizer);
      stopCheckpointer();
    };
  })();
  return Object.assign(handle, { db, ready });
}

function openPostgres(url: string): Handle {
  const adapter = watchWrites(new PrismaPg({ connectionString: url, max: config.pgPoolSize ?? 10, options: PLAN_EACH_TIME }), (connected) =>
    trackPool("prisma", (connected as { underlyingDriver(): PoolCounts }).underlyingDriver()),
  );
  const db = new PostgresClient({ adapter }) as unknown as Db;
  // Other instances drop what they cached from a table this process wrote (auth/auth-cache.ts).
  announceCommittedWrites((tables) =>
    pgPool(url)
      .query("SELECT pg_notify($1, $2)", [TABLES_CHANNEL, tables.join(",")])
      .then(
        () => undefined,
        (error: Error) => console.error("engram: announcing a write to other instances failed", error.message),
      ),
  );
  return { db, dialect: "postgresql", url, ready: Promise.resolve() };
}

/** The process-wide database (or the one at `url`), ready for queries. */
export async function getDb(url = config.databaseUrl): Promise<Handle> {
  const handle = openDb(url);
  await handle.ready;
  return handle;
}

export async function closeDb(url?: string): Promise<void> {
  for (const [key, handle] of handles) {
    if (url && key !== url) continue;
    handles.delete(key);
    handle.stop?.();
    await handle.db.$disconnect();
  }
  await closePgPools(url);
}
