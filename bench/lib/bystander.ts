// Another tenant of the benchmark database (scenario 5): a workspace of its own with an admin key,
// whose writes are timed while the main workspace's redaction runs. On PostgreSQL it is placed in
// another partition of the workspace-partitioned tables, as any other tenant is (15 in 16). Made
// when the scenario runs, so it also works on datasets made before it (and older servers).
import pg from "pg";
import { newId } from "@/lib/ids";
import { hashApiKey } from "@/server/auth/api-key-secret";
import { randomToken } from "@/server/crypto";
import { partitionsOf } from "@/server/db/workspace-partitions";
import { dateValue, openBulkWriter } from "./bulk-writer";
import { sample, summarize, time, type Summary } from "./stats";

/**
 * A new workspace with an admin key, written through the driver (the bench's way in): on
 * PostgreSQL in other partitions than `workspaceId`'s. Returns the key's secret.
 */
export async function bystanderTenant(url: string, workspaceId: string): Promise<string> {
  const dialect = url.startsWith("postgres") ? "postgresql" : "sqlite";
  const now = Date.now();
  const id = await workspaceApartFrom(url, workspaceId, now);
  const secret = `egk_${randomToken(40)}`;
  const writer = await openBulkWriter(dialect, dialect === "sqlite" ? url.slice("file:".length) : url);
  await writer.add("Workspace", ["id", "name", "hmacKey", "createdAt"], [id, `bench bystander ${now}`, randomToken(48), dateValue(dialect, now)]);
  await writer.add(
    "ApiKey",
    ["id", "workspaceId", "agentId", "name", "kind", "prefix", "hash", "createdAt"],
    [newId("apiKey", now), id, null, "admin", "admin", secret.slice(0, 12), hashApiKey(secret), dateValue(dialect, now)],
  );
  await writer.close();
  return secret;
}

/** A new workspace id whose PostgreSQL partitions are not `workspaceId`'s (any id on SQLite, or without partitions). */
async function workspaceApartFrom(url: string, workspaceId: string, at: number): Promise<string> {
  if (!url.startsWith("postgres")) return newId("workspace", at);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const taken = await partitionsOf(client, workspaceId);
    for (;;) {
      const id = newId("workspace", at);
      if (!(await partitionsOf(client, id)).some((p) => taken.includes(p))) return id;
    }
  } finally {
    await client.end();
  }
}

type Json = Record<string, unknown>;

/** The bystander's store and memory (created through the API), and a write that appends a line with a precondition. */
export async function bystanderWriter(baseUrl: string, key: string): Promise<() => Promise<void>> {
  const call = async (method: string, p: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`bystander ${method} ${p}: ${response.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Json;
  };
  const store = await call("POST", "/memory_stores", { name: `bystander ${Date.now()}` });
  let memory = await call("POST", `/memory_stores/${store.id}/memories`, { path: "/bystander.md", content: "writes of another tenant\n" });
  let n = 0;
  return async () => {
    memory = await call("POST", `/memory_stores/${store.id}/memories/${memory.id}`, {
      content: `${"line\n".repeat(++n % 50)}write ${n}\n`,
      precondition: { type: "content_sha256", content_sha256: memory.content_sha256 },
    });
  };
}

/** The bystander's write latencies while `work` runs and until `settled()` says its after-effects are over. */
export async function writesDuring(write: () => Promise<void>, work: Promise<unknown>, settled: () => Promise<boolean>): Promise<Summary> {
  let done = false;
  void work.then(
    () => (done = true),
    () => (done = true),
  );
  const samples: number[] = [];
  while (!done || !(await settled())) samples.push(await time(write));
  return summarize(samples);
}

/** The bystander's write latencies on a quiet server, for comparison. */
export async function quietWrites(write: () => Promise<void>, runs = 100): Promise<Summary> {
  return summarize(await sample(runs, write, 10));
}
