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
import { migrate } from "@/server/db/migrate";

const sqlite = (process.env.DATABASE_URL ?? "").startsWith("file:");
const file = path.join(mkdtempSync(path.join(tmpdir(), "engram-stats-")), "engram.db");
const url = `file:${file}`;
afterAll(() => closeDb(url));

const lookup = `SELECT "id" FROM "MemoryVersion" WHERE "workspaceId" = ? AND "id" IN (?, ?)`;

describe.runIf(sqlite)("SQLite statistics", () => {
  it("a lookup by ids within a workspace uses the primary key once the database has been opened", async () => {
    await migrate(url);
    // One workspace's 2,000 versions, written by another process (rows only: the plan is the point).
    const raw = new Database(file);
    raw.pragma("foreign_keys = OFF");
    const insert = raw.prepare(
      `INSERT INTO "MemoryVersion" ("id", "workspaceId", "storeId", "memoryId", "operation", "actorType", "createdAt", "sessionId")
       VALUES (?, 'wrkspc_one', ?, ?, 'modified', 'agent', ?, ?)`,
    );
    raw.transaction(() => {
      for (let i = 0; i < 2000; i++) {
        insert.run(`memver_${String(i).padStart(8, "0")}`, `memstore_${i % 4}`, `mem_${i % 200}`, Date.now(), `sesn_${i % 50}`);
      }
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
