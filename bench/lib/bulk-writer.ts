// Bulk loading straight through the driver (better-sqlite3 or pg): rows are buffered per table
// and flushed as multi-row INSERTs inside one big transaction per flush. Secondary indexes are
// dropped for the load and re-created afterwards from the migration's own SQL, so the result
// has exactly the migrated indexes.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export type Value = string | number | null;
export type Dialect = "sqlite" | "postgresql";

const BULK_TABLES = ["MemoryVersion", "Memory", "AuditEvent", "MemoryRead", "Session"];

export type BulkWriter = {
  dialect: Dialect;
  add(table: string, columns: readonly string[], row: Value[]): Promise<void>;
  flush(): Promise<void>;
  exec(sql: string): Promise<void>;
  dropIndexes(): Promise<void>;
  createIndexes(): Promise<void>;
  close(): Promise<void>;
};

/** Dates as each database's Prisma adapter stores them. */
export function dateValue(dialect: Dialect, ms: number): string {
  const iso = new Date(ms).toISOString();
  return dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("Z", "");
}

/** The bulk tables' secondary indexes as the migrations leave them (a later migration's definition of an index replaces an earlier one). */
function indexStatements(dialect: Dialect): string[] {
  const dir = path.join(process.cwd(), dialect === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations");
  const byName = new Map<string, string>();
  for (const migration of readdirSync(dir).sort()) {
    const file = path.join(dir, migration, "migration.sql");
    if (!existsSync(file)) continue;
    for (const statement of readFileSync(file, "utf8").split(";")) {
      const sql = statement.replace(/--.*$/gm, "").trim();
      if (/^CREATE (UNIQUE )?INDEX/.test(sql) && BULK_TABLES.some((t) => sql.includes(` ON "${t}"(`))) byName.set(sql.match(/INDEX "([^"]+)"/)![1], sql);
    }
  }
  return [...byName.values()];
}

export async function openBulkWriter(dialect: Dialect, target: string): Promise<BulkWriter> {
  const buffers = new Map<string, { columns: readonly string[]; rows: Value[][] }>();
  let pending = 0;
  const FLUSH_ROWS = 20_000;

  const sqliteDb = dialect === "sqlite" ? new Database(target) : null;
  const pgClient = dialect === "postgresql" ? new pg.Client({ connectionString: target }) : null;
  if (sqliteDb) {
    sqliteDb.pragma("journal_mode = WAL");
    sqliteDb.pragma("synchronous = OFF");
    sqliteDb.pragma("cache_size = -262144");
  }
  if (pgClient) {
    await pgClient.connect();
    await pgClient.query("SET synchronous_commit = off");
  }
  const quote = (name: string) => `"${name}"`;

  async function insert(table: string, columns: readonly string[], rows: Value[][]) {
    const maxParams = dialect === "sqlite" ? 32_000 : 65_000;
    const perStatement = Math.max(1, Math.floor(maxParams / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      let n = 0;
      const tuples = chunk.map(() => `(${columns.map(() => (dialect === "sqlite" ? "?" : `$${++n}`)).join(",")})`);
      const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(",")}) VALUES ${tuples.join(",")}`;
      const params = chunk.flat();
      if (sqliteDb) sqliteDb.prepare(sql).run(params);
      else await pgClient!.query(sql, params);
    }
  }

  async function flush() {
    if (pending === 0) return;
    if (sqliteDb) sqliteDb.exec("BEGIN");
    else await pgClient!.query("BEGIN");
    for (const [table, buffer] of buffers) {
      if (buffer.rows.length) await insert(table, buffer.columns, buffer.rows);
      buffer.rows = [];
    }
    if (sqliteDb) sqliteDb.exec("COMMIT");
    else await pgClient!.query("COMMIT");
    pending = 0;
  }

  async function exec(sql: string) {
    if (sqliteDb) sqliteDb.exec(sql);
    else await pgClient!.query(sql);
  }

  return {
    dialect,
    async add(table, columns, row) {
      let buffer = buffers.get(table);
      if (!buffer) buffers.set(table, (buffer = { columns, rows: [] }));
      buffer.rows.push(row);
      if (++pending >= FLUSH_ROWS) await flush();
    },
    flush,
    exec,
    async dropIndexes() {
      for (const statement of indexStatements(dialect)) {
        const name = statement.match(/INDEX "([^"]+)"/)![1];
        await exec(`DROP INDEX IF EXISTS "${name}"`);
      }
    },
    async createIndexes() {
      for (const statement of indexStatements(dialect)) await exec(statement);
      if (sqliteDb) sqliteDb.pragma("wal_checkpoint(TRUNCATE)");
      else await pgClient!.query("VACUUM ANALYZE");
    },
    async close() {
      await flush();
      if (sqliteDb) sqliteDb.close();
      else await pgClient!.end();
    },
  };
}
