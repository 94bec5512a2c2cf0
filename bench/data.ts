// `npm run bench:data -- --profile small|large [--database-url URL]`
// Generates the benchmark dataset through the database driver in bulk, plus the fixtures the
// scenarios need and the git peer repositories; writes bench/.work/<profile>.json.
import { rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import pg from "pg";
import { newId } from "@/lib/ids";
import { migrate } from "@/server/db/migrate";
import { closeDb } from "@/server/db/client";
import { hashApiKey } from "@/server/auth/api-key-secret";
import { randomToken } from "@/server/crypto";
import { openBulkWriter, type Dialect } from "./lib/bulk-writer";
import { contentPool, rng, PLANTED } from "./lib/content";
import { Loader, type Actor, type Head } from "./lib/loader";
import { buildFixtures } from "./lib/fixtures";
import { arg } from "./lib/args";

export const PROFILES = {
  large: { stores: 100, memories: 100_000, versions: 1_000_000, sessions: 20_000 },
  small: { stores: 2, memories: 2_000, versions: 20_000, sessions: 400 },
} as const;
const AGENTS = 10;
export const WORK = path.join(process.cwd(), "bench", ".work");

const profileName = (arg("profile") ?? "small") as keyof typeof PROFILES;
const profile = PROFILES[profileName];
if (!profile) throw new Error("--profile must be small or large");
mkdirSync(WORK, { recursive: true });
const url = arg("database-url") ?? `file:${path.join(WORK, `engram-${profileName}.db`)}`;
const dialect: Dialect = url.startsWith("postgres") ? "postgresql" : "sqlite";
const started = Date.now();
const log = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);

await resetDatabase();
await migrate(url);
await closeDb();
const writer = await openBulkWriter(dialect, dialect === "sqlite" ? url.slice("file:".length) : url);
await writer.dropIndexes();

const now = Date.now();
const t0 = now - 60 * 86_400_000;
const workspaceId = newId("workspace", t0);
const loader = new Loader(writer, workspaceId);
const d = (ms: number) => loader.date(ms);
await writer.add("Workspace", ["id", "name", "hmacKey", "createdAt"], [workspaceId, `bench ${profileName}`, randomToken(48), d(t0)]);

// Agents, one key each, and an admin key; secrets go to the manifest (bench data only).
const agents: { id: string; keyId: string; secret: string }[] = [];
for (let i = 0; i < AGENTS; i++) {
  const agent = { id: newId("agent", t0), keyId: newId("apiKey", t0), secret: `egk_${randomToken(40)}` };
  agents.push(agent);
  await writer.add("Agent", ["id", "workspaceId", "name", "createdAt"], [agent.id, workspaceId, `bench-agent-${i}`, d(t0)]);
  await writer.add(
    "ApiKey",
    ["id", "workspaceId", "agentId", "name", "kind", "prefix", "hash", "createdAt"],
    [agent.keyId, workspaceId, agent.id, `agent ${i}`, "agent", agent.secret.slice(0, 12), hashApiKey(agent.secret), d(t0)],
  );
}
const admin = { keyId: newId("apiKey", t0), secret: `egk_${randomToken(40)}` };
await writer.add(
  "ApiKey",
  ["id", "workspaceId", "agentId", "name", "kind", "prefix", "hash", "createdAt"],
  [admin.keyId, workspaceId, null, "admin", "admin", admin.secret.slice(0, 12), hashApiKey(admin.secret), d(t0)],
);

/** A store that every agent may read and write (one "all agents" grant, as the console sets). */
async function store(name: string, time: number): Promise<string> {
  const id = newId("store", time);
  await writer.add("Store", ["id", "workspaceId", "name", "createdAt", "updatedAt"], [id, workspaceId, name, d(time), d(time)]);
  await writer.add(
    "Grant",
    ["id", "workspaceId", "storeId", "agentId", "access", "createdAt"],
    [newId("grant", time), workspaceId, id, null, "read_write", d(time)],
  );
  await loader.audit(time, "system", "store.created", id, null, "memory_store", id, { name });
  return id;
}
async function session(agentIndex: number, title: string, time: number): Promise<Actor> {
  const agent = agents[agentIndex % AGENTS];
  const id = newId("session", time);
  await writer.add("Session", ["id", "workspaceId", "agentId", "apiKeyId", "title", "startedAt"], [id, workspaceId, agent.id, agent.keyId, title, d(time)]);
  return { sessionId: id, apiKeyId: agent.keyId, agentId: agent.id };
}

// Bulk: versions in rounds over all memories, so each memory's history spreads over time.
const bulkSpan = 50 * 86_400_000;
const step = bulkSpan / profile.versions;
const storeIds: string[] = [];
for (let s = 0; s < profile.stores; s++) storeIds.push(await store(`bulk-${s}`, t0 + s));
const sessions: Actor[] = [];
for (let s = 0; s < profile.sessions; s++) sessions.push(await session(s, `bulk session ${s}`, t0 + 1000 + (s * bulkSpan) / profile.sessions));
log(`${profile.stores} stores, ${profile.sessions} sessions`);

const pool = contentPool(1024);
const rand = rng(42);
const rounds = profile.versions / profile.memories;
const perStore = profile.memories / profile.stores;
const heads: Head[] = [];
for (let m = 0; m < profile.memories; m++) {
  const s = Math.floor(m / perStore);
  const k = m % perStore;
  const p = `/topic-${k % 10}/area-${Math.floor(k / 10) % 10}/note-${k}.md`;
  heads.push({ id: newId("memory", t0 + 2000), storeId: storeIds[s], path: p, createdAt: 0, versionId: "", content: "", sha: "", size: 0 });
}
let planted = 0;
for (let r = 0; r < rounds; r++) {
  for (let m = 0; m < profile.memories; m++) {
    const i = r * profile.memories + m;
    const time = t0 + 3000 + Math.floor(i * step);
    const head = heads[m];
    if (r === 0) head.createdAt = time;
    const plant = rand() < 0.01;
    if (plant) planted++;
    const body = pool[Math.floor(rand() * pool.length)];
    const content = `# ${head.path} (revision ${r + 1})\n\n${body}${plant ? `\nCredential seen in a tool result: ${PLANTED}\n` : ""}`;
    heads[m] = await loader.version(head, content, sessions[Math.floor(i / (profile.versions / profile.sessions))], time);
    if (r === rounds - 1) await loader.memory(heads[m], time);
  }
  log(`round ${r + 1}/${rounds}: ${loader.versions} versions, ${(loader.bytes / 1e6).toFixed(0)} MB of content`);
}
heads.length = 0;

const fixtures = await buildFixtures({ writer, loader, store, session, pool, start: t0 + bulkSpan + 86_400_000, work: WORK, profile: profileName });
await writer.flush();
log(`fixtures built; creating indexes`);
await writer.createIndexes();
await writer.close();
const seconds = (Date.now() - started) / 1000;
log(`done: ${loader.versions} versions (${planted} with the planted string), ${(loader.bytes / 1e6).toFixed(0)} MB of content, in ${seconds.toFixed(0)} s`);

const manifest = {
  profile: profileName,
  url,
  dialect,
  generatedAt: new Date().toISOString(),
  loadSeconds: seconds,
  machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1e9), loadavg: os.loadavg() },
  counts: { ...profile, fixtureVersions: loader.versions - profile.versions, planted },
  planted: PLANTED,
  workspaceId,
  adminKey: admin.secret,
  agentKey: agents[0].secret,
  agentId: agents[0].id,
  ...fixtures,
};
writeFileSync(path.join(WORK, `${profileName}${dialect === "postgresql" ? "-pg" : ""}.json`), JSON.stringify(manifest, null, 2));

/** A fresh database: the SQLite file is deleted; a PostgreSQL database named engram_bench* is recreated. */
async function resetDatabase() {
  if (dialect === "sqlite") {
    const file = url.slice("file:".length);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    return;
  }
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!name.startsWith("engram_bench")) throw new Error("refusing to reset a PostgreSQL database whose name does not start with engram_bench");
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, "/postgres$1") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}
