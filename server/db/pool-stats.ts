import "server-only";
import { processState } from "../process-state";

/** Connection pools of this process by name, for the pool-use metric (server/ops/metrics.ts). */
export type PoolCounts = { totalCount: number; idleCount: number; waitingCount: number };
const pools = processState<Map<string, PoolCounts>>("pool-stats", () => new Map());

export function trackPool(name: string, pool: PoolCounts): void {
  pools.set(name, pool);
}

export function untrackPool(pool: PoolCounts): void {
  for (const [name, tracked] of pools) if (tracked === pool) pools.delete(name);
}

export const trackedPools = (): ReadonlyMap<string, PoolCounts> => pools;
