import "server-only";
import { config } from "../config";
import { tablesGeneration } from "../db/write-watch";

const MAX_ENTRIES = 10_000;

/**
 * A short-lived cache for authorization lookups on the request hot path. An entry is reused
 * for at most config.authCacheMs, and never after this process wrote any of `tables` (the
 * rows it was read from, or their parents whose deletion cascades): a revoked key, a removed
 * grant or an archived store takes effect at once here; other processes see it within the TTL.
 */
export function authCache<V>(tables: readonly string[]) {
  const entries = new Map<string, { value: V; at: number; generation: number }>();
  return async (key: string, load: () => Promise<V>): Promise<V> => {
    // Read the generation before loading, so a write racing the load invalidates what it read.
    const generation = tablesGeneration(tables);
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.generation === generation && now - hit.at < config.authCacheMs) return hit.value;
    const value = await load();
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { value, at: now, generation });
    return value;
  };
}
