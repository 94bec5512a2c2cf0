// Per-store retention: which past versions a run removes. Pure, so the console and the unit tests
// share the rule with the job.

export type RetentionPolicy = { version_days: number | null; keep_latest: number };

/** Keep every version (the default). */
export const KEEP_EVERYTHING: RetentionPolicy = { version_days: null, keep_latest: 0 };

/**
 * The preset matching Managed Agents' documented behaviour: versions older than 30 days are
 * removed, the most recent ones always kept (Engram keeps the newest 10 of each memory, and its head).
 */
export const MANAGED_AGENTS_PRESET: RetentionPolicy = { version_days: 30, keep_latest: 10 };

export const MAX_VERSION_DAYS = 36_500;
export const MAX_KEEP_LATEST = 10_000;

export type VersionAge = { id: string; memoryId: string; createdAt: Date };

/**
 * The versions a run at `now` removes: older than `version_days`, not the memory's head, not among
 * its newest `keep_latest` (by id, which is creation order), and not under a hold. `versions` may
 * come in any order.
 */
export function expiredVersions(
  versions: readonly VersionAge[],
  heads: ReadonlyMap<string, string>,
  policy: RetentionPolicy,
  now: Date,
  held: (memoryId: string) => boolean = () => false,
): VersionAge[] {
  if (policy.version_days === null) return [];
  const cutoff = now.getTime() - policy.version_days * 86_400_000;
  const byMemory = new Map<string, VersionAge[]>();
  for (const v of versions) byMemory.set(v.memoryId, [...(byMemory.get(v.memoryId) ?? []), v]);
  const out: VersionAge[] = [];
  for (const [memoryId, list] of byMemory) {
    if (held(memoryId)) continue;
    const newestFirst = [...list].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    newestFirst.forEach((v, index) => {
      if (index < policy.keep_latest || heads.get(memoryId) === v.id || v.createdAt.getTime() >= cutoff) return;
      out.push(v);
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
