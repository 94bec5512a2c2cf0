// The SQLite write path (server/db/sqlite-writer.ts) on a real database file: group commit,
// one savepoint per job, nothing acknowledged before COMMIT, and turns shared with the
// asynchronous (Prisma) transactions of the same connection.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exclusive, sqliteWrite } from "@/server/db/sqlite-writer";

let dir: string;
let file: string;
let db: Database.Database;
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const open = () => {
  const connection = new Database(file);
  connection.pragma("journal_mode = WAL");
  return connection;
};
const rows = (connection = db) => connection.prepare("SELECT label FROM probe ORDER BY rowid").pluck().all();
const insert = (label: string) => (connection: Database.Database) => connection.prepare("INSERT INTO probe (label) VALUES (?)").run(label);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "engram-writer-"));
  file = path.join(dir, "probe.db");
  db = open();
  db.exec("CREATE TABLE probe (label TEXT NOT NULL)");
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sqliteWrite", () => {
  it("commits the jobs of one turn together; a failing job undoes only its own writes", async () => {
    const observer = open();
    let seenByOthersDuringBatch: unknown[] = ["not run"];
    const first = sqliteWrite(db, insert("first"));
    const failing = sqliteWrite(db, (connection) => {
      insert("failing")(connection);
      throw new Error("refused");
    });
    const third = sqliteWrite(db, (connection) => {
      insert("third")(connection);
      // Still one open transaction: another connection sees nothing of the batch yet.
      seenByOthersDuringBatch = rows(observer);
      return "third done";
    });
    await expect(first).resolves.toBeDefined();
    await expect(failing).rejects.toThrow("refused");
    await expect(third).resolves.toBe("third done");
    expect(seenByOthersDuringBatch).toEqual([]);
    expect(rows(observer)).toEqual(["first", "third"]);
    observer.close();
  });

  it("acknowledges nothing when the transaction cannot commit, and runs no afterCommit callback", async () => {
    db.pragma("busy_timeout = 0");
    const other = open();
    other.prepare("BEGIN IMMEDIATE").run(); // another process holds the write lock
    const committed: string[] = [];
    const jobs = ["a", "b"].map((label) =>
      sqliteWrite(db, (connection, afterCommit) => {
        insert(label)(connection);
        afterCommit(() => committed.push(label));
      }),
    );
    for (const job of jobs) await expect(job).rejects.toThrow(/locked|busy/i);
    other.prepare("ROLLBACK").run();
    other.close();
    expect(rows()).toEqual([]);
    expect(committed).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // The connection is usable again at once.
    await sqliteWrite(db, insert("after"));
    expect(rows()).toEqual(["after"]);
  });

  it("runs afterCommit callbacks once the batch is durable, for the jobs that succeeded", async () => {
    const seen: string[] = [];
    const ok = sqliteWrite(db, (connection, afterCommit) => {
      insert("ok")(connection);
      afterCommit(() => seen.push(`ok, committed rows: ${rows(open()).join(",")}`));
    });
    const bad = sqliteWrite(db, (_connection, afterCommit) => {
      afterCommit(() => seen.push("bad"));
      throw new Error("no");
    });
    await ok;
    await bad.catch(() => undefined);
    expect(seen).toEqual(["ok, committed rows: ok"]);
  });

  it("waits for an asynchronous transaction that holds the turn, and is refused inside one", async () => {
    const order: string[] = [];
    const secondStarted = deferred();
    const lateQueued = deferred();
    let late: Promise<void> | undefined;
    const transaction = exclusive(async () => {
      db.prepare("BEGIN").run();
      insert("transaction")(db);
      await expect(sqliteWrite(db, insert("nested"))).rejects.toThrow(/inside runTransaction/);
      // Work started inside the turn that runs after it ended (a continuation keeps the turn's
      // async context, as a timer or a listener would) must queue like anyone else.
      void secondStarted.promise.then(() => {
        late = exclusive(async () => void order.push("late work"));
        lateQueued.resolve();
      });
      // The batch below schedules its flush with setImmediate; after one of our own, it has asked
      // for its turn, and it must not join this transaction.
      await new Promise((resolve) => setImmediate(resolve));
      order.push("transaction commits");
      db.prepare("COMMIT").run();
    });
    const second = exclusive(async () => {
      order.push("second starts");
      secondStarted.resolve();
      await lateQueued.promise; // holds the turn while the late work asks for one
      order.push("second ends");
    });
    const write = sqliteWrite(db, (connection) => {
      order.push("batch runs");
      insert("batch")(connection);
    });
    await Promise.all([transaction, second, write]);
    await late;
    expect(order).toEqual(["transaction commits", "second starts", "second ends", "batch runs", "late work"]);
    expect(rows()).toEqual(["transaction", "batch"]);
  });
});
