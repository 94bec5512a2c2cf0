// Finding 15: the checkpoint signing key lives beside the configured data (the SQLite file's
// directory, ENGRAM_DATA_DIR, or an explicit ENGRAM_CHECKPOINT_KEY_FILE), never under whatever
// directory the process was started in, and is created with mode 0600.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl } from "@/server/config";
import { sqliteFilePath } from "@/server/db/sqlite-file";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let api: RunningApi;
let tenant: TestTenant;
const scratch = mkdtempSync(path.join(os.tmpdir(), "engram-key-"));
const cwdKey = path.join(process.cwd(), "data", "checkpoint-ed25519.pem");
const cwdKeyExisted = existsSync(cwdKey);

async function checkpoint(): Promise<number> {
  const res = await fetch(`${api.origin}/api/v1/audit_events/checkpoints`, { method: "POST", headers: { "x-api-key": tenant.adminKey } });
  return res.status;
}

beforeAll(async () => {
  delete process.env.ENGRAM_CHECKPOINT_KEY_FILE;
  delete process.env.ENGRAM_DATA_DIR;
  api = await startApiServer();
  tenant = await createTestTenant("checkpoint-key");
});
afterAll(async () => {
  await api?.close();
  rmSync(scratch, { recursive: true, force: true });
  delete process.env.ENGRAM_DATA_DIR;
  delete process.env.ENGRAM_CHECKPOINT_KEY_FILE;
});

const mode = (file: string) => statSync(file).mode & 0o777;

describe("where the checkpoint key is created", () => {
  it("beside the database: the SQLite file's directory, or ENGRAM_DATA_DIR; mode 0600; not under the working directory", async () => {
    const url = process.env.DATABASE_URL!;
    // On PostgreSQL there is no data file: ENGRAM_DATA_DIR names the directory.
    const dir = isPostgresUrl(url) ? path.join(scratch, "data-dir") : path.dirname(sqliteFilePath(url));
    if (isPostgresUrl(url)) process.env.ENGRAM_DATA_DIR = dir;
    expect(await checkpoint()).toBe(201);
    const key = path.join(dir, "checkpoint-ed25519.pem");
    expect(existsSync(key), key).toBe(true);
    expect(mode(key)).toBe(0o600);
    expect(existsSync(`${key}.pub`)).toBe(true);
    if (!cwdKeyExisted) expect(existsSync(cwdKey)).toBe(false);
  });

  it("at ENGRAM_CHECKPOINT_KEY_FILE when set", async () => {
    const key = path.join(scratch, "explicit", "signing.pem");
    process.env.ENGRAM_CHECKPOINT_KEY_FILE = key;
    await createTestTenant("checkpoint-key-2").then((t) => (tenant = t));
    expect(await checkpoint()).toBe(201);
    expect(mode(key)).toBe(0o600);
  });
});
