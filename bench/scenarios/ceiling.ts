// Scenario 1's yardsticks. Ceiling: the same logical transaction as an API write (read the
// head and check the precondition, insert the version, move the head, read the audit head,
// append the hash-chained audit event) through the raw driver, no HTTP, no ORM. Peer: the
// same writes as `git commit`s (write the file, commit it with the session as author).
// Every column list written here is the write path's own (server/memory/write/columns.ts), and
// the rows are typed as their models: a column added to a table fails `tsc` here too.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { newId } from "@/lib/ids";
import { tsvectorLiteral } from "@/lib/search/search-words";
import { eventHash } from "@/server/audit/event-hash";
import type { AuditEvent, Memory, MemoryVersion } from "@/server/db/generated/sqlite/client";
import { pgText } from "@/server/db/pg-pool";
import { sqliteDate } from "@/server/db/sqlite-statements";
import { assignments, auditColumns, headColumns, insertSql, valuesOf, versionColumns } from "@/server/memory/write/columns";
import { sha256, bytes } from "../lib/content";
import { fastImport, initRepo } from "../lib/git-peer";
import type { Manifest } from "./writes";

const FILLER = "- ".padEnd(1000, "raw driver ceiling, same size as the API writes; ") + "\n";

type Head = Pick<Memory, (typeof headColumns)[number]>;
/** The audit fields the chain decides: SQLite seals the event at once, PostgreSQL leaves it to the sealer. */
type Chained = "seq" | "prevHash" | "hash" | "dataSha256" | "hashVersion";

/** The version, the head it becomes and the audit event (less its place in the chain) of one counter write. */
function change(workspaceId: string, storeId: string, memoryId: string, previous: { content: string; path: string }, now: Date) {
  const counter = Number(/^counter: (\d+)/.exec(previous.content)?.[1] ?? 0);
  const content = `counter: ${counter + 1}\n\n${FILLER}`;
  const sha = sha256(content);
  const size = bytes(content);
  const version: MemoryVersion = {
    id: newId("version"),
    workspaceId,
    storeId,
    memoryId,
    operation: "modified",
    cause: "write",
    content,
    contentSha256: sha,
    sizeBytes: size,
    path: previous.path,
    previousPath: null,
    restoredFromId: null,
    actorType: "api_key",
    sessionId: null,
    apiKeyId: "bench-ceiling",
    userId: null,
    agentId: null,
    createdAt: now,
    redactedAt: null,
    redactedBy: null,
  };
  const head: Head = {
    path: previous.path,
    livePath: previous.path,
    headVersionId: version.id,
    content,
    contentSha256: sha,
    sizeBytes: size,
    updatedAt: now,
    deletedAt: null,
  };
  const audit: Omit<AuditEvent, Chained> = {
    id: newId("auditEvent"),
    workspaceId,
    createdAt: now,
    actorType: "api_key",
    actorId: "bench-ceiling",
    action: "memory.modified",
    storeId,
    sessionId: null,
    targetType: "memory",
    targetId: memoryId,
    requestId: newId("request"),
    data: JSON.stringify({ memory_version_id: version.id, content_sha256: sha, content_size_bytes: size, cause: "write" }),
  };
  return { version, head, audit };
}

/** Dates as the Prisma SQLite adapter writes them (sqlite-statements.ts). */
const sqliteValues = (values: unknown[]) => values.map((v) => (v instanceof Date ? sqliteDate(v) : v));

/** Transactions per second on one better-sqlite3 connection for `seconds`, at the given synchronous level. */
export function sqliteCeiling(file: string, m: Manifest, seconds: number, synchronous: "NORMAL" | "FULL"): number {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma("busy_timeout = 10000");
  const getMemory = db.prepare(`SELECT "content", "contentSha256", "path" FROM "Memory" WHERE "id" = ? AND "storeId" = ? AND "deletedAt" IS NULL`);
  const insertVersion = db.prepare(insertSql("MemoryVersion", versionColumns));
  const updateHead = db.prepare(`UPDATE "Memory" SET ${assignments(headColumns)} WHERE "id" = ?`);
  const auditHead = db.prepare(`SELECT "seq", "hash" FROM "AuditEvent" WHERE "workspaceId" = ? ORDER BY "seq" DESC LIMIT 1`);
  const insertAudit = db.prepare(insertSql("AuditEvent", auditColumns));
  const write = db.transaction((memoryId: string) => {
    const memory = getMemory.get(memoryId, m.writesStore) as { content: string; contentSha256: string; path: string };
    const { version, head, audit } = change(m.workspaceId, m.writesStore, memoryId, memory, new Date());
    insertVersion.run(...sqliteValues(valuesOf(version, versionColumns)));
    updateHead.run(...sqliteValues([...valuesOf(head, headColumns), memoryId]));
    const chain = auditHead.get(m.workspaceId) as { seq: number; hash: string };
    // Sealed at once, hashed over the data itself (version 1, as bench/lib/loader.ts chains the dataset).
    const fields = { ...audit, seq: chain.seq + 1, prevHash: chain.hash, dataSha256: null, hashVersion: 1 };
    const event: AuditEvent = { ...fields, hash: eventHash(fields) };
    insertAudit.run(...sqliteValues(valuesOf(event, auditColumns)));
  });
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const began = performance.now();
  while (performance.now() < deadline) write(m.writeMemories[count++ % m.writeMemories.length]);
  const rate = count / ((performance.now() - began) / 1000);
  db.close();
  return rate;
}

// An unsealed event's seq: negative, unique, in the order writers got there (as write-store.ts).
const pendingSeq = { seq: `-nextval('"AuditEvent_pending_seq"')` };
const pendingColumns = auditColumns.filter((c) => c !== "seq"); // the values after the seq expression
/**
 * The write as one statement: the workspace's lock shared (l), the head moved only from the head
 * read (h), the version and the unsealed audit event inserted for each head moved. Written with `?`
 * like write-store.ts's, numbered for pg by pgText.
 */
const pgWrite = pgText(
  `WITH l AS (SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))),
   h AS (UPDATE "Memory" SET ${assignments([...headColumns, "searchWords"], { searchWords: "?::tsvector" })} FROM l WHERE "id" = ? AND "workspaceId" = ? AND "headVersionId" = ? RETURNING 1),
   v AS (${insertSql("MemoryVersion", versionColumns, {}, "h")})
   ${insertSql("AuditEvent", auditColumns, pendingSeq, "h")}`,
).text;

/**
 * The same logical write on PostgreSQL from 16 connections, as Engram makes it since issue 14:
 * one read of the store's state and the memory (no locks), then one statement, atomic without a
 * transaction, that takes the workspace's advisory lock shared (writers never exclude each other),
 * moves the head only from the head read, and inserts the version and the unsealed audit event only
 * if it moved (the sealer chains events after commit, off the writer's path); the search index's
 * words computed by the client, as Engram's write path does (lib/search/search-words.ts). 16 connections, each
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
        const { version, head, audit } = change(m.workspaceId, storeId, memoryId, rows[0], new Date());
        // Unsealed: the sealer gives it its seq, link and hash after commit.
        const event: AuditEvent = { ...audit, seq: 0, dataSha256: sha256(audit.data), hashVersion: 2, prevHash: "", hash: "" };
        await client.query(pgWrite, [
          m.workspaceId,
          ...valuesOf(head, headColumns),
          tsvectorLiteral(head.content),
          memoryId,
          m.workspaceId,
          rows[0].headVersionId,
          ...valuesOf(version, versionColumns),
          ...valuesOf(event, pendingColumns),
        ]);
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
