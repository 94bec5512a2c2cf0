// WAL checkpoints run on a worker thread (server/db/sqlite-checkpointer.ts): pages written by the
// main connection reach the database file without the main connection checkpointing.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { closeDb, getDb } from "@/server/db/client";
import { BACKSTOP_CHECKPOINT_PAGES } from "@/server/db/sqlite-checkpointer";

const dir = mkdtempSync(path.join(os.tmpdir(), "engram-checkpoint-"));
const file = path.join(dir, "engram.db");
afterAll(async () => {
  await closeDb(`file:${file}`);
  rmSync(dir, { recursive: true, force: true });
});

it("copies the WAL into the database file in the background; the main connection only has a far backstop", async () => {
  const { sqlite } = await getDb(`file:${file}`);
  expect(Number(sqlite!.pragma("wal_autocheckpoint", { simple: true }))).toBe(BACKSTOP_CHECKPOINT_PAGES);
  sqlite!.exec("CREATE TABLE filler (blob TEXT)");
  const before = statSync(file).size;
  const insert = sqlite!.prepare("INSERT INTO filler VALUES (?)");
  sqlite!.transaction(() => {
    for (let i = 0; i < 512; i++) insert.run("x".repeat(4000)); // ~2 MB, far below the backstop
  })();
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(2_000_000);
  let grown = false;
  for (let i = 0; i < 100 && !grown; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    grown = statSync(file).size > before + 2_000_000;
  }
  expect(grown).toBe(true);
});
