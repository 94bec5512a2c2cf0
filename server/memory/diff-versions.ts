import "server-only";
import { diffStats, lineDiff, unifiedDiff } from "@/lib/text-diff";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { MemoryVersion } from "../db/generated/sqlite/client";
import { badRequest, notFound } from "../http/api-error";
import { findMemoryVersion, redactedMessage } from "./find-memory-version";
import { findStoreMemory } from "./find-store-memory";

export type DiffVersionsInput = { from?: string; to?: string };

// A deletion has no file, like a creation's "before": git names both /dev/null.
const label = (side: "a" | "b", version: MemoryVersion | null) => (version && version.operation !== "deleted" ? `${side}${version.path}` : "/dev/null");

/**
 * The git-style unified diff between two versions of one memory. `to` defaults to the head and
 * `from` to the version just before `to` (none for the first version: the diff adds every line).
 */
export async function diffVersions(ctx: RequestContext, storeId: string, memoryId: string, input: DiffVersionsInput) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { db } = await getDb();
  const memory = await findStoreMemory(db, store, memoryId);
  const to = await findMemoryVersion(db, store, memoryId, input.to ?? memory.headVersionId, "to");
  const from = input.from
    ? await findMemoryVersion(db, store, memoryId, input.from, "from")
    : await db.memoryVersion.findFirst({ where: { workspaceId: store.workspaceId, storeId, memoryId, id: { lt: to.id } }, orderBy: { id: "desc" } });
  for (const version of [from, to]) if (version?.redactedAt) throw badRequest(redactedMessage(version.id));
  const visible = await readGate(ctx.principal, storeId);
  if (visible && (!visible(memory.path) || ![from, to].every((v) => !v || visible(v.path)))) throw notFound(`Memory ${memoryId}`);

  const oldText = from?.content ?? "";
  const newText = to.content ?? "";
  return {
    type: "memory_diff" as const,
    memory_id: memoryId,
    from_version_id: from?.id ?? null,
    to_version_id: to.id,
    from_path: from?.path ?? null,
    to_path: to.path,
    unified: unifiedDiff(oldText, newText, { oldPath: label("a", from), newPath: label("b", to) }),
    stats: diffStats(lineDiff(oldText, newText)),
  };
}
