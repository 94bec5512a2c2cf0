// Every place on disk (or in a dump) a text could still be: SQLite's main file, -wal, -journal and
// -shm; PostgreSQL's dump and (with pageinspect) the raw heap and TOAST pages of the tables that hold
// memory content, paths and audit data (every partition of the partitioned ones), or of the tables
// and partitioned indexes named.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { getDb } from "@/server/db/client";
import { scrubPending } from "@/server/db/scrub";
import { sqliteFilePath } from "@/server/db/sqlite-file";

const TABLES = ['"MemoryVersion"', '"Memory"', '"AuditEvent"', '"MemoryRead"', '"Proposal"'];

export async function enablePageInspect(): Promise<void> {
  if (!process.env.DATABASE_URL!.startsWith("postgres")) return;
  const { db } = await getDb();
  await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pageinspect");
}

export async function dbLeaks(secret: string, tables = TABLES): Promise<string[]> {
  const url = process.env.DATABASE_URL!;
  const needle = Buffer.from(secret);
  const found: string[] = [];
  if (!url.startsWith("postgres")) {
    const file = sqliteFilePath(url);
    for (const f of [file, `${file}-wal`, `${file}-journal`, `${file}-shm`]) if (existsSync(f) && readFileSync(f).includes(needle)) found.push(f);
    return found;
  }
  const dump = execFileSync("pg_dump", ["--data-only", url], { maxBuffer: 1 << 30 });
  if (dump.includes(needle)) found.push("pg_dump");
  const { db } = await getDb();
  const list = tables.map((t) => `'${t}'::regclass`).join(", ");
  // A partitioned table (or index) has no pages of its own: its leaf partitions and their TOAST tables hold the bytes.
  const rels = await db.$queryRawUnsafe<{ rel: string }[]>(
    `WITH leaf AS (SELECT p.relid FROM unnest(ARRAY[${list}]) AS t(oid), pg_partition_tree(t.oid) p WHERE p.isleaf)
     SELECT relid::regclass::text AS rel FROM leaf
     UNION SELECT t.oid::regclass::text FROM leaf JOIN pg_class c ON c.oid = leaf.relid JOIN pg_class t ON t.oid = c.reltoastrelid`,
  );
  let scanned = 0;
  for (const { rel } of rels) {
    const pages = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT pg_relation_size('${rel}') / current_setting('block_size')::int AS n`);
    for (let page = 0; page < Number(pages[0].n); page++) {
      // Whole raw pages, dead tuples and free space included.
      const rows = await db.$queryRawUnsafe<{ raw: Buffer }[]>(`SELECT get_raw_page('${rel}', ${page}) AS raw`);
      if (Buffer.from(rows[0].raw).includes(needle)) found.push(`${rel} page ${page}`);
      scanned++;
    }
  }
  // Nothing scanned would find nothing: a helper that looks nowhere must not pass as "gone".
  if (scanned === 0) throw new Error("dbLeaks scanned no pages: the tables it reads hold no storage");
  return found;
}

/**
 * dbLeaks once a scrub that a redaction reported pending has finished its background retries (a
 * reader, such as the findings scanner, may hold the tables for a moment); at most `ms` of waiting.
 */
export async function leaksAfterScrub(secret: string, tables = TABLES, ms = 30_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (scrubPending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return dbLeaks(secret, tables);
}
