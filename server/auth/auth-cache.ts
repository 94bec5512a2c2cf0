import "server-only";
import { config, isPostgresUrl } from "../config";
import { hearingOthers, isFresh, tablesGeneration, watchTables, type CacheEntry } from "../db/write-watch";
import { processState } from "../process-state";

const MAX_ENTRIES = 10_000;

/**
 * A short-lived cache for authorization lookups on the request hot path. An entry is reused
 * for at most config.authCacheMs, and never after any of `tables` (the rows it was read from, or
 * their parents whose deletion cascades) was written: by this process, by another process on
 * the SQLite file (its data_version), or by another instance on PostgreSQL (announced through
 * the relay's NOTIFY, write-watch.ts). A revoked key, a removed grant or an archived store takes
 * effect at once here, and on other instances as soon as the notification arrives (milliseconds;
 * the TTL bounds it). On PostgreSQL the cache is used only while the relay listens.
 */
export function authCache<V>(name: string, tables: readonly string[]) {
  const entries = processState(`auth-cache:${name}`, () => new Map<string, CacheEntry<V>>());
  // Loads under way: the requests that miss together (an expired entry, 16 agents on one key) share one.
  const loading = processState(`auth-cache-loading:${name}`, () => new Map<string, { value: Promise<V>; generation: number }>());
  watchTables(tables);
  return async (key: string, load: () => Promise<V>): Promise<V> => {
    if (isPostgresUrl(config.databaseUrl) && !hearingOthers()) return load();
    // Read the generation before loading, so a write racing the load invalidates what it read.
    const generation = tablesGeneration(tables);
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && isFresh(hit, generation, now)) return hit.value;
    const pending = loading.get(key);
    if (pending && pending.generation === generation) return pending.value;
    const value = load();
    loading.set(key, { value, generation });
    try {
      const loaded = await value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { value: loaded, at: now, generation });
      return loaded;
    } finally {
      if (loading.get(key)?.value === value) loading.delete(key);
    }
  };
}
