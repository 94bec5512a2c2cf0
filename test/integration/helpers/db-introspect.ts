// What a database actually contains: tables, columns (type, nullability), primary keys,
// indexes and foreign keys, read from SQLite's catalog or PostgreSQL's information_schema.
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFilePath } from "@/server/db/sqlite-file";

export type DbColumn = { type: string; notNull: boolean };
export type DbIndex = { name: string; columns: string[]; unique: boolean };
export type DbForeignKey = { columns: string[]; table: string; references: string[]; onDelete: string };
/** `partitionKey`: PostgreSQL's partitioning of the table (e.g. `HASH ("workspaceId")` and its partition count), when it has one. */
export type DbTable = {
  columns: Map<string, DbColumn>;
  primaryKey: string[];
  indexes: DbIndex[];
  foreignKeys: DbForeignKey[];
  partitioning?: { key: string; partitions: number };
};
export type DbSchema = {
  dialect: "sqlite" | "postgresql";
  tables: Map<string, DbTable>;
  migrations: { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown; applied_steps_count: number }[];
};

export async function introspect(url: string): Promise<DbSchema> {
  return url.startsWith("postgres") ? introspectPostgres(url) : introspectSqlite(url);
}

function introspectSqlite(url: string): DbSchema {
  const db = new Database(sqliteFilePath(url), { readonly: true });
  try {
    const tables = new Map<string, DbTable>();
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
    for (const { name } of names) {
      const info = db.prepare(`SELECT * FROM pragma_table_info(?)`).all(name) as { name: string; type: string; notnull: number; pk: number }[];
      const indexList = db.prepare(`SELECT * FROM pragma_index_list(?)`).all(name) as { name: string; unique: number; origin: string }[];
      const fks = db.prepare(`SELECT * FROM pragma_foreign_key_list(?)`).all(name) as {
        id: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const byFk = new Map<number, DbForeignKey>();
      for (const fk of fks) {
        const entry = byFk.get(fk.id) ?? { columns: [], table: fk.table, references: [], onDelete: fk.on_delete };
        entry.columns.push(fk.from);
        entry.references.push(fk.to);
        byFk.set(fk.id, entry);
      }
      tables.set(name, {
        columns: new Map(info.map((c) => [c.name, { type: c.type.toUpperCase(), notNull: c.notnull === 1 || c.pk > 0 }])),
        primaryKey: info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        indexes: indexList
          .filter((i) => i.origin !== "pk")
          .map((i) => ({
            name: i.name,
            unique: i.unique === 1,
            columns: (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string }[]).map((c) => c.name),
          })),
        foreignKeys: [...byFk.values()],
      });
    }
    const migrations = tables.has("_prisma_migrations")
      ? (db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`).all() as DbSchema["migrations"])
      : [];
    return { dialect: "sqlite", tables, migrations };
  } finally {
    db.close();
  }
}

/** `"a", b` → ["a", "b"] */
const identList = (text: string) => text.split(",").map((s) => s.trim().replace(/^"|"$/g, ""));

async function introspectPostgres(url: string): Promise<DbSchema> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = new Map<string, DbTable>();
    // A partitioned table's partitions are storage, not tables of the schema: read the parent only.
    const partitions = new Set(
      (await client.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relispartition AND relnamespace = 'public'::regnamespace`)).rows.map(
        (row) => row.name,
      ),
    );
    const cols = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    for (const row of cols.rows) {
      if (partitions.has(row.table_name)) continue;
      const table = tables.get(row.table_name) ?? { columns: new Map(), primaryKey: [], indexes: [], foreignKeys: [] };
      table.columns.set(row.column_name, { type: String(row.data_type).toUpperCase(), notNull: row.is_nullable === "NO" });
      tables.set(row.table_name, table);
    }
    const constraints = await client.query(
      `SELECT rel.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS def
         FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = 'public' AND con.contype IN ('p', 'f')`,
    );
    const pkNames = new Set<string>();
    for (const row of constraints.rows) {
      if (partitions.has(row.table_name)) continue;
      const table = tables.get(row.table_name)!;
      if (row.contype === "p") {
        pkNames.add(row.conname);
        table.primaryKey = identList(row.def.match(/PRIMARY KEY \((.*)\)/)![1]);
      } else {
        const m = row.def.match(/FOREIGN KEY \((.*?)\) REFERENCES "?([^"(]+)"?\((.*?)\)(.*)$/)!;
        const onDelete = m[4].match(/ON DELETE (SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION)/)?.[1] ?? "NO ACTION";
        table.foreignKeys.push({ columns: identList(m[1]), table: m[2], references: identList(m[3]), onDelete });
      }
    }
    const indexes = await client.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
    for (const row of indexes.rows) {
      if (pkNames.has(row.indexname) || partitions.has(row.tablename)) continue;
      const m = row.indexdef.match(/^CREATE (UNIQUE )?INDEX .* USING \w+ \((.*)\)$/);
      if (!m) throw new Error(`cannot read index ${row.indexdef}`);
      tables.get(row.tablename)!.indexes.push({ name: row.indexname, unique: Boolean(m[1]), columns: identList(m[2]) });
    }
    const partitioned = await client.query<{ name: string; key: string; partitions: number }>(
      `SELECT c.relname AS name, pg_get_partkeydef(c.oid) AS key, (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
         FROM pg_class c WHERE c.relkind = 'p' AND c.relnamespace = 'public'::regnamespace`,
    );
    for (const row of partitioned.rows) tables.get(row.name)!.partitioning = { key: row.key, partitions: row.partitions };
    const migrations = tables.has("_prisma_migrations") ? (await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).rows : [];
    return { dialect: "postgresql", tables, migrations };
  } finally {
    await client.end();
  }
}
