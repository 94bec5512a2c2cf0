// prisma/schema.prisma is the only schema; the SQL migrations are written by hand per
// database. This test fails if a freshly migrated database differs from the schema in any
// model, column (type family, nullability), primary key, unique constraint, index or foreign
// key, or if _prisma_migrations does not record exactly the migration folders with Prisma's checksums.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/server/db/migrate";
import { WORKSPACE_PARTITIONED_TABLES } from "@/server/db/workspace-partitions";
import { introspect, type DbSchema } from "./helpers/db-introspect";
import { freshDatabase, testDialect, type FreshDatabase } from "./helpers/fresh-database";
import { parsePrismaSchema, type ModelSpec } from "./helpers/prisma-schema";

// Full-text search over current files (migration 20261201130000_memory_search) lives outside the
// Prisma schema: an FTS5 table and its shadow tables on SQLite; on PostgreSQL the memory's words
// (a NOT NULL tsvector column, kept by the write path and a trigger) and their GIN index
// (migration 20261207140000_search_words).
const searchIndexTables = ["MemorySearch", "MemorySearchQueue", "MemorySearch_config", "MemorySearch_data", "MemorySearch_docsize", "MemorySearch_idx"];
const isSearchIndex = (name: string) => name.startsWith("MemorySearch") || name === "Memory_search_idx";

const root = path.resolve(import.meta.dirname, "../..");
const dialect = testDialect();
const models = parsePrismaSchema(readFileSync(path.join(root, "prisma/schema.prisma"), "utf8"));

const typeFamily: Record<typeof dialect, Record<string, string>> = {
  sqlite: {
    String: "TEXT",
    Int: "INTEGER",
    BigInt: "BIGINT",
    Float: "REAL",
    Decimal: "DECIMAL",
    Boolean: "BOOLEAN",
    DateTime: "DATETIME",
    Json: "JSONB",
    Bytes: "BLOB",
  },
  postgresql: {
    String: "TEXT",
    Int: "INTEGER",
    BigInt: "BIGINT",
    Float: "DOUBLE PRECISION",
    Decimal: "NUMERIC",
    Boolean: "BOOLEAN",
    DateTime: "TIMESTAMP WITHOUT TIME ZONE",
    Json: "JSONB",
    Bytes: "BYTEA",
  },
};
const onDeleteSql: Record<string, string> = { Cascade: "CASCADE", SetNull: "SET NULL", Restrict: "RESTRICT", NoAction: "NO ACTION", SetDefault: "SET DEFAULT" };

let url: string;
let actual: DbSchema;
let database: FreshDatabase | undefined;

beforeAll(async () => {
  database = await freshDatabase("engram-schema");
  url = database.url;
  const first = await migrate(url);
  expect(first.alreadyApplied).toEqual([]);
  actual = await introspect(url);
});
afterAll(() => database?.drop());

const sortIndexes = (list: { name: string; columns: string[]; unique: boolean }[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

// PostgreSQL: the tables that hold content or paths are partitioned by workspace (migration
// 20261206120000_partition_by_workspace), and a partitioned table's keys must contain the partition
// key: their primary key and unique indexes end with "workspaceId", and their foreign keys to Store
// carry it too, against Store's unique ("workspaceId", "id"). Everything else is as the schema says.
const partitioned = (table: string) => dialect === "postgresql" && (WORKSPACE_PARTITIONED_TABLES as readonly string[]).includes(table);
const withWorkspace = (columns: string[]) => (columns.includes("workspaceId") ? columns : [...columns, "workspaceId"]);
function asMigrated(model: ModelSpec): ModelSpec {
  if (dialect === "postgresql" && model.table === "Store") {
    return { ...model, indexes: [...model.indexes, { name: "Store_workspaceId_id_key", columns: ["workspaceId", "id"], unique: true }] };
  }
  if (!partitioned(model.table)) return model;
  return {
    ...model,
    primaryKey: withWorkspace(model.primaryKey),
    indexes: model.indexes.map((index) => (index.unique ? { ...index, columns: withWorkspace(index.columns) } : index)),
    relations: model.relations.map((r) =>
      r.model === "Store" ? { ...r, fields: ["workspaceId", ...r.fields], references: ["workspaceId", ...r.references] } : r,
    ),
  };
}

describe(`schema.prisma versus a freshly migrated ${dialect} database`, () => {
  it("the schema reader sees the models it should", () => {
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Workspace", "User", "Agent", "ApiKey", "Store", "Grant", "Session", "Memory", "MemoryVersion", "AuditEvent", "Redaction"]),
    );
    const memory = models.find((m) => m.name === "Memory")!;
    expect(memory.indexes).toContainEqual({ name: "Memory_storeId_livePath_key", columns: ["storeId", "livePath"], unique: true });
    expect(memory.fields.find((f) => f.name === "livePath")).toMatchObject({ optional: true, type: "String" });
  });

  it("has exactly the schema's tables (plus _prisma_migrations and, on SQLite, the full-text search index)", () => {
    const tables = [...actual.tables.keys()].filter((t) => t !== "_prisma_migrations");
    expect(tables.filter((t) => !isSearchIndex(t)).sort()).toEqual(models.map((m) => m.table).sort());
    if (dialect === "sqlite") expect(tables.filter(isSearchIndex).sort()).toEqual(searchIndexTables);
  });

  it.each(models.map((m) => [m.name, m] as [string, ModelSpec]))("%s: columns, types, nullability and primary key", (_name, model) => {
    const table = actual.tables.get(model.table);
    expect(table, `table ${model.table}`).toBeDefined();
    const expected = Object.fromEntries(model.fields.map((f) => [f.column, { type: typeFamily[dialect][f.type], notNull: !f.optional }]));
    const found = Object.fromEntries(
      [...table!.columns].map(([name, c]) => [name, { type: dialect === "sqlite" ? c.type : c.type.replace(/\(\d+\)/, ""), notNull: c.notNull }]),
    );
    const searchWords = model.table === "Memory" && dialect === "postgresql" ? { searchWords: { type: "TSVECTOR", notNull: true } } : {};
    expect(found).toEqual({ ...expected, ...searchWords });
    expect(table!.primaryKey).toEqual(asMigrated(model).primaryKey);
  });

  it.each(models.map((m) => [m.name, m] as [string, ModelSpec]))(
    "%s: partitioned by workspace on PostgreSQL exactly when it holds content or paths",
    (_name, model) => {
      const table = actual.tables.get(model.table)!;
      expect(table.partitioning).toEqual(partitioned(model.table) ? { key: 'HASH ("workspaceId")', partitions: 16 } : undefined);
    },
  );

  it.each(models.map((m) => [m.name, m] as [string, ModelSpec]))("%s: unique constraints and indexes (@unique, @@unique, @@index)", (_name, model) => {
    const table = actual.tables.get(model.table)!;
    expect(sortIndexes(table.indexes.filter((index) => !isSearchIndex(index.name)))).toEqual(sortIndexes(asMigrated(model).indexes));
  });

  it.each(models.map((m) => [m.name, m] as [string, ModelSpec]))("%s: foreign keys and their ON DELETE", (_name, model) => {
    const table = actual.tables.get(model.table)!;
    const expected = asMigrated(model).relations.map((r) => {
      const optional = r.fields.some((f) => model.fields.find((x) => x.column === f)?.optional);
      const target = models.find((m) => m.name === r.model)!;
      return { columns: r.fields, table: target.table, references: r.references, onDelete: onDeleteSql[r.onDelete ?? (optional ? "SetNull" : "Restrict")] };
    });
    const key = (fk: { columns: string[] }) => fk.columns.join(",");
    expect([...table.foreignKeys].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it.runIf(dialect === "postgresql")('memory paths compare byte-wise (COLLATE "C"): listing and path conflicts rely on it', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT column_name, collation_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Memory' AND column_name IN ('path', 'livePath') ORDER BY column_name`,
      );
      expect(rows).toEqual([
        { column_name: "livePath", collation_name: "C" },
        { column_name: "path", collation_name: "C" },
      ]);
    } finally {
      await client.end();
    }
  });

  it("the generated PostgreSQL schema has the same models as the source schema", () => {
    const generated = parsePrismaSchema(readFileSync(path.join(root, "prisma/postgresql/schema.prisma"), "utf8"));
    expect(generated).toEqual(models);
  });
});

describe(`_prisma_migrations on ${dialect}`, () => {
  const folder = path.join(root, dialect === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations");
  const folders = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(folder, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();

  it("records every migration folder once, finished, with the sha256 of its migration.sql", () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(actual.migrations.map((m) => m.migration_name)).toEqual(folders);
    for (const row of actual.migrations) {
      const sql = readFileSync(path.join(folder, row.migration_name, "migration.sql"));
      expect(row.checksum, row.migration_name).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at, row.migration_name).not.toBeNull();
      expect(row.rolled_back_at, row.migration_name).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it("the migration lock names the right provider", () => {
    expect(readFileSync(path.join(folder, "migration_lock.toml"), "utf8")).toMatch(new RegExp(`provider\\s*=\\s*"${dialect}"`));
  });

  it("running the migrations again applies nothing", async () => {
    const again = await migrate(url);
    expect(again).toEqual({ applied: [], alreadyApplied: folders });
    expect((await introspect(url)).migrations).toHaveLength(folders.length);
  });
});
