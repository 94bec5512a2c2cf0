// SQLite plans without statistics take `workspaceId = ?` for a selective lookup, so a lookup by
// ids within one workspace walked that workspace's every version through a workspace index
// (1.8 s at 480,000 versions; the session changes and history answers do this). Opening the
// database analyzes it (server/db/sqlite-optimize.ts): then the primary key answers.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/server/db/client";
import type { MemoryVersion } from "@/server/db/generated/sqlite/client";
import { migrate } from "@/server/db/migrate";
import { runSql, runStepSqlite } from "@/server/db/sql-step";
import { insertSql, valuesOf, versionColumns } from "@/server/memory/write/columns";

const sqlite = (process.env.DATABASE_URL ?? "").startsWith("file:");
const file = path.join(mkdtempSync(path.join(tmpdir(), "engram-stats-")), "engram.db");
const url = `file:${file}`;
afterAll(() => closeDb(url));

/** A metadata-only version (content is beside the point here) in one of 4 stores, 200 memories and 50 sessions. */
const versionRow = (i: number): MemoryVersion => ({
  id: `memver_${String(i).padStart(8, "0")}`,
  workspaceId: "wrkspc_one",
  storeId: `memstore_${i % 4}`,
  memoryId: `mem_${i % 200}`,
  operation: "modified",
  cause: "write",
  content: null,
  contentSha256: null,
  sizeBytes: null,
  path: null,
  previousPath: null,
  restoredFromId: null,
  actorType: "session",
  sessionId: `sesn_${i % 50}`,
  apiKeyId: null,
  userId: null,
  agentId: null,
  createdAt: new Date(),
  redactedAt: null,
  redactedBy: null,
});

const lookup = `SELECT "id" FROM "MemoryVersion" WHERE "workspaceId" = ? AND "id" IN (?, ?)`;

describe.runIf(sqlite)("SQLite statistics", () => {
  it("a lookup by ids within a workspace uses the primary key once the database has been opened", async () => {
    await migrate(url);
    // One workspace's 2,000 versions, written by another process (rows only: the plan is the point).
    const raw = new Database(file);
    raw.pragma("foreign_keys = OFF");
    // Built from the write path's column list, as its own inserts are: a new column cannot go missing here.
    const insert = insertSql("MemoryVersion", versionColumns);
    raw.transaction(() => {
      for (let i = 0; i < 2000; i++) runStepSqlite(raw, runSql(insert, valuesOf(versionRow(i), versionColumns)));
    })();
    const unanalyzed = raw
      .prepare(`EXPLAIN QUERY PLAN ${lookup}`)
      .all("wrkspc_one", "memver_00000007", "memver_00000008")
      .map((row) => (row as { detail: string }).detail)
      .join(" | ");
    raw.close();
    // What the planner did before: the workspace's index, not the primary key.
    expect(unanalyzed).toMatch(/MemoryVersion_workspaceId_/);

    const { sqlite: connection } = await getDb(url);
    const plan = connection!
      .prepare(`EXPLAIN QUERY PLAN ${lookup}`)
      .all("wrkspc_one", "memver_00000007", "memver_00000008")
      .map((row) => (row as { detail: string }).detail)
      .join(" | ");
    expect(plan).toMatch(/sqlite_autoindex_MemoryVersion_1 \(id=\?\)/);
  });
});
