import "server-only";
import { KEEP_EVERYTHING, MANAGED_AGENTS_PRESET, MAX_KEEP_LATEST, MAX_VERSION_DAYS, type RetentionPolicy } from "@/lib/retention/retention-policy";
import type { Store } from "../db/generated/sqlite/client";
import { badRequest } from "../http/api-error";

/** What create/update accept: a named preset, or the two numbers. */
export type RetentionInput = { preset: "managed_agents" | "keep_everything" } | { version_days: number | null; keep_latest?: number | null };

export function requireRetention(input: RetentionInput): RetentionPolicy {
  if ("preset" in input) return input.preset === "managed_agents" ? MANAGED_AGENTS_PRESET : KEEP_EVERYTHING;
  const days = input.version_days;
  const keep = input.keep_latest ?? 0;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_VERSION_DAYS)) {
    throw badRequest(`retention.version_days: must be a whole number of days from 1 to ${MAX_VERSION_DAYS}, or null to keep every version`);
  }
  if (!Number.isInteger(keep) || keep < 0 || keep > MAX_KEEP_LATEST)
    throw badRequest(`retention.keep_latest: must be a whole number from 0 to ${MAX_KEEP_LATEST}`);
  return { version_days: days, keep_latest: keep };
}

/** The store columns of a policy. */
export const retentionColumns = (policy: RetentionPolicy) => ({ retentionVersionDays: policy.version_days, retentionKeepLatest: policy.keep_latest });

export const policyOf = (store: Pick<Store, "retentionVersionDays" | "retentionKeepLatest">): RetentionPolicy => ({
  version_days: store.retentionVersionDays,
  keep_latest: store.retentionKeepLatest,
});
