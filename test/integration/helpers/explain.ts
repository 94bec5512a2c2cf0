// PostgreSQL: the buffers (pages) one statement touches when it runs once, from EXPLAIN (ANALYZE,
// BUFFERS): what a plan costs, independent of how busy the machine is.
import { getDb } from "@/server/db/client";

export async function buffersOf(sql: string, values: readonly unknown[]): Promise<number> {
  const { db } = await getDb();
  const [row] = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: Record<string, number> }] }[]>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, ...values);
  const plan = row["QUERY PLAN"][0].Plan;
  return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"];
}
