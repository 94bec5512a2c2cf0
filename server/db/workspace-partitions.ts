import "server-only";
import type pg from "pg";

/**
 * PostgreSQL: the tables that hold memory content or paths are hash-partitioned by workspace
 * (migration 20261206120000_partition_by_workspace), so a redaction's rewrite (VACUUM FULL, an
 * ACCESS EXCLUSIVE lock) locks its own workspace's partitions only. That holds as long as every
 * query on these tables names its workspace (`"workspaceId" = …`): a query that does not is
 * planned over all partitions and waits for any partition being rewritten.
 * test/integration/partition-isolation.test.ts holds one workspace's partitions locked and runs
 * every API path of another workspace meanwhile.
 */
export const WORKSPACE_PARTITIONED_TABLES = ["Memory", "MemoryVersion", "MemoryRead", "AuditEvent", "Proposal"] as const;

/**
 * The partition of each partitioned table that holds the workspace's rows. Read from the catalog
 * only: `pg_get_expr(…, 0)` deparses a partition bound without opening the partition, so the
 * lookup never waits for a partition that a redaction's VACUUM FULL holds (a second scrub of the
 * same workspace failed with lock_not_available here, model-concurrency.test.ts).
 */
export async function partitionsOf(client: Pick<pg.ClientBase, "query">, workspaceId: string): Promise<string[]> {
  const { rows } = await client.query<{ partition: string }>(
    `SELECT c.relname AS "partition"
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ANY($1::text[]) AND p.relnamespace = 'public'::regnamespace
        AND satisfies_hash_partition(p.oid,
              substring(pg_get_expr(c.relpartbound, 0) FROM 'modulus (\\d+)')::int,
              substring(pg_get_expr(c.relpartbound, 0) FROM 'remainder (\\d+)')::int,
              $2::text)
      ORDER BY p.relname`,
    [WORKSPACE_PARTITIONED_TABLES, workspaceId],
  );
  return rows.map((row) => row.partition);
}
