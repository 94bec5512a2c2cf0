import "server-only";
import { pgPool, pgTransaction } from "../db/pg-pool";

/**
 * Brings PostgreSQL's full-text index (migration 20261207120000_search_off_the_write) up to date
 * with the memories its trigger noted in "MemorySearchQueue", one workspace at a time. Indexing
 * happens here, not in the write: a file written a hundred times between two passes is indexed
 * once, and no write pays for it. Every statement names its workspace, so it touches that
 * workspace's partitions only (server/db/workspace-partitions.ts).
 */
const ROWS_PER_PASS = 32;

// One indexer per workspace at a time, on any number of instances: a slower pass must never write
// an older text over a newer one. Each statement after the lock reads what committed before it.
const LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('search ' || $1, 0))`;
const TRY_LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended('search ' || $1, 0)) AS "locked"`;
// Each noted row with its xmin, which every later change of the memory replaces (the trigger's ON CONFLICT DO UPDATE).
const NOTED = `SELECT "memoryId", xmin::text AS "noted" FROM "MemorySearchQueue" WHERE "workspaceId" = $1 LIMIT ${ROWS_PER_PASS}`;
// Live memories get their words; deleted (or removed) ones lose them.
const INDEX = `WITH live AS (
    INSERT INTO "MemorySearch" ("memoryId", "workspaceId", "words")
    SELECT m."id", m."workspaceId", to_tsvector('simple', regexp_replace(left(m."content", 100000), '[^[:alnum:]]+', ' ', 'g'))
      FROM "Memory" m WHERE m."workspaceId" = $1 AND m."id" = ANY($2::text[]) AND m."deletedAt" IS NULL
    ON CONFLICT ("memoryId", "workspaceId") DO UPDATE SET "words" = EXCLUDED."words"
    RETURNING "memoryId")
  DELETE FROM "MemorySearch" s WHERE s."workspaceId" = $1 AND s."memoryId" = ANY($2::text[]) AND s."memoryId" NOT IN (SELECT "memoryId" FROM live)`;
// A row whose memory changed again after INDEX read it has a new xmin and stays noted.
const DONE = `DELETE FROM "MemorySearchQueue" q USING unnest($2::text[], $3::text[]) AS v("memoryId", "noted")
  WHERE q."workspaceId" = $1 AND q."memoryId" = v."memoryId" AND q.xmin::text = v."noted"`;

/**
 * Indexes up to ROWS_PER_PASS noted memories of the workspace; resolves to how many were noted, or
 * null when another indexer holds the workspace and `wait` is false.
 */
function indexPass(workspaceId: string, wait: boolean, url?: string): Promise<number | null> {
  return pgTransaction(async (client) => {
    if (wait) await client.query(LOCK, [workspaceId]);
    else {
      // In the background, never queue behind a redaction's rewrite of the workspace's partitions.
      await client.query("SET LOCAL lock_timeout = 100");
      if (!(await client.query<{ locked: boolean }>(TRY_LOCK, [workspaceId])).rows[0].locked) return null;
    }
    const noted = (await client.query<{ memoryId: string; noted: string }>(NOTED, [workspaceId])).rows;
    if (noted.length === 0) return 0;
    const ids = noted.map((row) => row.memoryId);
    await client.query(INDEX, [workspaceId, ids]);
    await client.query(DONE, [workspaceId, ids, noted.map((row) => row.noted)]);
    return noted.length;
  }, url);
}

/** Indexes every memory of the workspace noted before the call (waiting for another indexer of it). */
export async function catchUpPgSearchIndex(workspaceId: string, url?: string): Promise<void> {
  // Cheap when nothing is noted (every search asks): one read, no transaction.
  const { rowCount } = await pgPool(url).query(`SELECT 1 FROM "MemorySearchQueue" WHERE "workspaceId" = $1 LIMIT 1`, [workspaceId]);
  if (!rowCount) return;
  while ((await indexPass(workspaceId, true, url)) === ROWS_PER_PASS) {
    // more noted rows
  }
}

/** One background pass over every workspace with noted memories, skipping those another indexer holds. */
export async function indexPgSearchQueue(): Promise<void> {
  const { rows } = await pgPool().query<{ workspaceId: string }>(`SELECT DISTINCT "workspaceId" FROM "MemorySearchQueue"`);
  for (const { workspaceId } of rows) {
    try {
      while ((await indexPass(workspaceId, false)) === ROWS_PER_PASS) {
        // more noted rows
      }
    } catch (error) {
      // lock_not_available: a redaction is rewriting the workspace's partitions; the next pass tries again.
      if ((error as { code?: string }).code !== "55P03") throw error;
    }
  }
}
