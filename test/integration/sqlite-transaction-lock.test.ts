// Two processes on one SQLite file: a transaction that reads before it writes must not fail
// because the other process committed in between (Prisma begins SQLite transactions DEFERRED,
// and such a transaction's first write fails with BUSY_SNAPSHOT). server/db/transaction.ts takes
// the write lock at the start, so the other process waits instead.
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runTransaction } from "@/server/db/transaction";
import { createTestTenant } from "./helpers/fixtures";

const url = process.env.DATABASE_URL ?? "";
const sqlite = url.startsWith("file:");
let other: Database.Database | undefined;
afterAll(() => other?.close());

describe.runIf(sqlite)("SQLite transactions beside another process", () => {
  it("hold the write lock from their start: another connection cannot commit inside one, so it runs once and commits", async () => {
    const tenant = await createTestTenant("sqlite-lock");
    // Another process's connection, answering at once instead of waiting for the lock.
    other = new Database(url.slice("file:".length), { timeout: 0 });
    const outside: string[] = [];
    let runs = 0;
    await runTransaction(async ({ tx }) => {
      runs++;
      await tx.workspace.findUniqueOrThrow({ where: { id: tenant.workspace.id } });
      try {
        other!.prepare(`UPDATE "Workspace" SET "name" = ? WHERE "id" = ?`).run(`outside ${runs}`, tenant.workspace.id);
        outside.push("committed");
      } catch (error) {
        outside.push((error as { code?: string }).code ?? String(error));
      }
      await tx.workspace.update({ where: { id: tenant.workspace.id }, data: { name: "inside" } });
    });
    expect(outside).toEqual(["SQLITE_BUSY"]);
    expect(runs).toBe(1);
    const { db } = await getDb();
    expect((await db.workspace.findUniqueOrThrow({ where: { id: tenant.workspace.id } })).name).toBe("inside");
  });
});
