import "server-only";
import type { Dialect } from "./client";
import { pgPool } from "./pg-pool";
import { partitionsOf } from "./workspace-partitions";
import { processState } from "../process-state";

const suffixes = processState("workspace-partition-suffixes", () => new Map<string, string>());

/**
 * The suffix of the workspace's partitions (`_p11`): every partitioned table has the same
 * partitions, so a workspace's rows sit in the same one of each. Cached: a workspace never moves.
 * "" (the partitioned tables themselves) on SQLite, which has none, or if the names do not agree.
 */
export async function partitionSuffix(dialect: Dialect, workspaceId: string): Promise<string> {
  if (dialect !== "postgresql") return "";
  let suffix = suffixes.get(workspaceId);
  if (suffix === undefined) {
    const found = new Set((await partitionsOf(pgPool(), workspaceId)).map((name) => /_p\d+$/.exec(name)?.[0] ?? ""));
    suffix = found.size === 1 ? [...found][0] : "";
    suffixes.set(workspaceId, suffix);
  }
  return suffix;
}
