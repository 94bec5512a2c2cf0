// Scenario 1's yardsticks. Ceiling: the same logical transaction as an API write (read the
// head and check the precondition, insert the version, move the head, read the audit head,
// append the hash-chained audit event) through the raw driver, no HTTP, no ORM. Peer: the
// same writes as `git commit`s (write the file, commit it with the session as author).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { newId } from "@/lib/ids";
import { eventHash } from "@/server/audit/event-hash";
import { sha256, bytes } from "../lib/content";
import { fastImport, initRepo } from "../lib/git-peer";
import type { Manifest } from "./writes";

const FILLER = "- ".padEnd(1000, "raw driver ceiling, same size as the API writes; ") + "\n";
const nowText = (d: Date) => d.toISOString().replace("Z", "+00:00");

function auditFields(
  workspaceId: string,
  seq: number,
  prevHash: string,
  storeId: string,
  memoryId: string,
  versionId: string,
  sha: string,
  size: number,
  now: Date,
) {
  return {
    id: newId("auditEvent"),
    workspaceId,
    seq,
    createdAt: now,
    actorType: "api_key",
    actorId: "bench-ceiling",
    action: "memory.modified",
    storeId,
    sessionId: null,
    targetType: "memory",
    targetId: memoryId,
    requestId: newId("request"),
    data: JSON.stringify({ memory_version_id: versionId, content_sha256: sha, content_size_bytes: size, cause: "write" }),
    prevHash,
  };
}

/** Transactions per second on one better-sqlite3 connection for `seconds`, at the given synchronous level. */
export function sqliteCeiling(file: string, m: Manifest, seconds: number, synchronous: "NORMAL" | "FULL"): number {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma("busy_timeout = 10000");
  const getMemory = db.prepare(`SELECT "content", "contentSha256", "path" FROM "Memory" WHERE "id" = ? AND "storeId" = ? AND "deletedAt" IS NULL`);
  const insertVersion = db.prepare(
    `INSERT INTO "MemoryVersion" ("id","workspaceId","storeId","memoryId","operation","cause","content","contentSha256","sizeBytes","path","actorType","apiKeyId","createdAt") VALUES (?,?,?,?,'modified','write',?,?,?,?,'api_key','bench-ceiling',?)`,
  );
  const updateHead = db.prepare(`UPDATE "Memory" SET "headVersionId"=?, "content"=?, "contentSha256"=?, "sizeBytes"=?, "updatedAt"=? WHERE "id"=?`);
  const auditHead = db.prepare(`SELECT "seq", "hash" FROM "AuditEvent" WHERE "workspaceId" = ? ORDER BY "seq" DESC LIMIT 1`);
  const insertAudit = db.prepare(
    `INSERT INTO "AuditEvent" ("id","workspaceId","seq","createdAt","actorType","actorId","action","storeId","sessionId","targetType","targetId","requestId","data","prevHash","hash") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const write = db.transaction((memoryId: string) => {
    const memory = getMemory.get(memoryId, m.writesStore) as { content: string; contentSha256: string; path: string };
    const counter = Number(/^counter: (\d+)/.exec(memory.content)?.[1] ?? 0);
    const content = `counter: ${counter + 1}\n\n${FILLER}`;
    const sha = sha256(content);
    const size = bytes(content);
    const now = new Date();
    const versionId = newId("version");
    insertVersion.run(versionId, m.workspaceId, m.writesStore, memoryId, content, sha, size, memory.path, nowText(now));
    updateHead.run(versionId, content, sha, size, nowText(now), memoryId);
    const head = auditHead.get(m.workspaceId) as { seq: number; hash: string };
    const f = auditFields(m.workspaceId, head.seq + 1, head.hash, m.writesStore, memoryId, versionId, sha, size, now);
    insertAudit.run(
      f.id,
      f.workspaceId,
      f.seq,
      nowText(now),
      f.actorType,
      f.actorId,
      f.action,
      f.storeId,
      null,
      f.targetType,
      f.targetId,
      f.requestId,
      f.data,
      f.prevHash,
      eventHash(f),
    );
  });
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const began = performance.now();
  while (performance.now() < deadline) write(m.writeMemories[count++ % m.writeMemories.length]);
  const rate = count / ((performance.now() - began) / 1000);
  db.close();
  return rate;
}

/**
 * The same logical write on PostgreSQL from 16 connections, as Engram makes it since issue 14:
 * one read of the store's state and the memory (no locks), then one statement, atomic without a
 * transaction, that takes the workspace's advisory lock shared (writers never exclude each other),
 * moves the head only from the head read, and inserts the version and the unsealed audit event only
 * if it moved (the sealer chains events after commit, off the writer's path). 16 connections, each
 * on its own memories, so heads never move under them.
 */
export async function pgCeiling(url: string, m: Manifest, seconds: number, clients = 16): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const client = await pool.connect();
      for (let i = c; performance.now() < deadline; i += clients) {
        const memoryId = m.writeMemories[i % m.writeMemories.length];
        const storeId = m.writeStores?.[i % m.writeMemories.length] ?? m.writesStore;
        const { rows } = await client.query(
          `SELECT s."archivedAt", w."hmacKey", m."content", m."path", m."headVersionId"
             FROM "Store" s JOIN "Workspace" w ON w."id" = s."workspaceId"
             LEFT JOIN "Memory" m ON m."id" = $1 AND m."workspaceId" = $3 AND m."storeId" = s."id" AND m."deletedAt" IS NULL
            WHERE s."id" = $2 AND s."workspaceId" = $3`,
          [memoryId, storeId, m.workspaceId],
        );
        const counter = Number(/^counter: (\d+)/.exec(rows[0].content)?.[1] ?? 0);
        const content = `counter: ${counter + 1}\n\n${FILLER}`;
        const sha = sha256(content);
        const size = bytes(content);
        const now = new Date();
        const versionId = newId("version");
        const f = auditFields(m.workspaceId, 0, "", storeId, memoryId, versionId, sha, size, now);
        await client.query(
          `WITH l AS (SELECT pg_advisory_xact_lock_shared(hashtextextended($2, 0))),
           h AS (UPDATE "Memory" SET "headVersionId"=$1, "content"=$5, "contentSha256"=$6, "sizeBytes"=$7, "updatedAt"=$9 FROM l
                  WHERE "id"=$4 AND "workspaceId"=$2 AND "headVersionId"=$18 RETURNING 1),
           v AS (INSERT INTO "MemoryVersion" ("id","workspaceId","storeId","memoryId","operation","cause","content","contentSha256","sizeBytes","path","actorType","apiKeyId","createdAt")
                  SELECT $1,$2,$3,$4,'modified','write',$5,$6,$7,$8,'api_key','bench-ceiling',$9 FROM h)
           INSERT INTO "AuditEvent" ("id","workspaceId","seq","createdAt","actorType","actorId","action","storeId","sessionId","targetType","targetId","requestId","data","dataSha256","hashVersion","prevHash","hash")
             SELECT $10,$2,-nextval('"AuditEvent_pending_seq"'),$9,$11,$12,$13,$3,NULL,$14,$4,$15,$16,$17,2,'','' FROM h`,
          [
            versionId,
            m.workspaceId,
            storeId,
            memoryId,
            content,
            sha,
            size,
            rows[0].path,
            now,
            f.id,
            f.actorType,
            f.actorId,
            f.action,
            f.targetType,
            f.requestId,
            f.data,
            sha256(f.data),
            rows[0].headVersionId,
          ],
        );
        count++;
      }
      client.release();
    }),
  );
  const rate = count / ((performance.now() - began) / 1000);
  await pool.end();
  return rate;
}

/** Commits per second: write a file, `git commit` it with the session as author, one at a time (git serialises on index.lock). */
export async function gitWrites(work: string, sessions: string[], seconds: number): Promise<number> {
  const dir = path.join(work, "git-writes");
  initRepo(dir);
  const files = Array.from({ length: 256 }, (_, i) => ({ path: `writers/counter-${i}.md`, content: `counter: 0\n\n${FILLER}` }));
  await fastImport(dir, [{ author: "bench", time: Date.now(), message: "init", files }]);
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const began = performance.now();
  while (performance.now() < deadline) {
    const file = files[count % files.length].path;
    const session = sessions[count % sessions.length];
    writeFileSync(path.join(dir, file), `counter: ${count + 1}\n\n${FILLER}`);
    const result = spawnSync("git", ["commit", "-q", `--author=${session} <${session}@engram.local>`, "-m", `memory write ${count}`, "--", file], { cwd: dir });
    if (result.status !== 0) throw new Error(`git commit failed: ${result.stderr}`);
    count++;
  }
  return count / ((performance.now() - began) / 1000);
}
