import "server-only";
import { canonicalize } from "@/lib/canonical-json";
import { newId } from "@/lib/ids";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent } from "../audit/append-audit-event";
import { byteLength, hmacHex, sha256Hex } from "../crypto";
import { getDb } from "../db/client";
import { scrubDatabaseFiles } from "../db/scrub";
import { runTransaction, type TxContext } from "../db/transaction";
import { commitVersion } from "../memory/commit-version";
import { replaceMatches } from "./mask";
import { scanVersions, type VersionHit } from "./scan-versions";
import { scopeStores } from "./scope-stores";
import { compilePattern, type TextPattern } from "./text-pattern";

export type RedactTextInput = { query: string; regex?: boolean; storeId?: string; reason: string; dryRun: boolean };

export const MARKER = "[REDACTED]";

const planItem = (hit: VersionHit) => ({
  version_id: hit.version.id,
  memory_id: hit.version.memoryId,
  store_id: hit.version.storeId,
  path: hit.version.path,
  operation: hit.version.operation,
  created_at: hit.version.createdAt.toISOString(),
  is_head: hit.isHead,
  match_count: hit.matches.length,
});

/**
 * Replaces every match of a string or pattern with a visible marker in every version that holds
 * it. A live memory whose current content matches first gets a clean new version (cause
 * "redaction"), then the history is rewritten, all in one transaction. Text-redacted versions
 * keep their content (with markers), their hash and size are recomputed, and redacted_at stays
 * null: the Redaction record and the audit event name them. The removed text is kept only as a
 * keyed digest.
 */
export async function redactText(ctx: RequestContext, input: RedactTextInput) {
  const pattern = compilePattern(input.query, input.regex);
  const storeIds = await scopeStores(ctx, "redaction:create", input.storeId);
  if (input.dryRun) {
    const { db } = await getDb();
    const hits = await scanVersions(db, pattern, { storeIds, includeHistory: true });
    return {
      type: "redaction_plan" as const,
      dry_run: true,
      mode: "text" as const,
      versions: hits.map(planItem),
      live_heads: hits
        .filter((hit) => hit.isHead)
        .map((hit) => ({ memory_id: hit.version.memoryId, store_id: hit.version.storeId, version_id: hit.version.id })),
      match_count: hits.reduce((sum, hit) => sum + hit.matches.length, 0),
    };
  }
  const result = await runTransaction((t) => applyTextRedaction(t, ctx, pattern, storeIds, input), { lockWorkspace: ctx.principal.workspaceId });
  await scrubDatabaseFiles();
  return result;
}

async function applyTextRedaction(t: TxContext, ctx: RequestContext, pattern: TextPattern, storeIds: string[], input: RedactTextInput) {
  const { tx } = t;
  // Scanned inside the transaction so nothing written since a dry run escapes.
  const hits = await scanVersions(tx, pattern, { storeIds, includeHistory: true });
  const redactionId = newId("redaction");
  const now = new Date();
  const removed = new Set<string>();
  const cleanVersions: { memory_id: string; store_id: string; version_id: string }[] = [];

  for (const hit of hits.filter((h) => h.isHead)) {
    const memory = await tx.memory.findUniqueOrThrow({ where: { id: hit.version.memoryId } });
    const clean = replaceMatches(memory.content, pattern.find([memory.content])[0], MARKER);
    const { version } = await commitVersion(t, ctx, {
      storeId: memory.storeId,
      memory,
      operation: "modified",
      cause: "redaction",
      content: clean,
      path: memory.path,
      audit: { data: { redaction_id: redactionId } },
    });
    cleanVersions.push({ memory_id: memory.id, store_id: memory.storeId, version_id: version.id });
  }

  for (const hit of hits) {
    const content = hit.version.content ?? "";
    for (const m of hit.matches) removed.add(content.slice(m.start, m.end));
    const clean = replaceMatches(content, hit.matches, MARKER);
    await tx.memoryVersion.update({ where: { id: hit.version.id }, data: { content: clean, contentSha256: sha256Hex(clean), sizeBytes: byteLength(clean) } });
  }

  // Deleted memories keep "" as content, but nothing else may hold the text either.
  const stale = await tx.memory.findMany({
    where: { storeId: { in: storeIds }, deletedAt: { not: null }, content: { not: "" } },
    select: { id: true, content: true },
  });
  for (const memory of stale) {
    const found = pattern.find([memory.content])[0];
    if (found.length) await tx.memory.update({ where: { id: memory.id }, data: { content: replaceMatches(memory.content, found, MARKER) } });
  }

  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.principal.workspaceId } });
  const versionIds = hits.map((hit) => hit.version.id);
  const digest = hmacHex(workspace.hmacKey, canonicalize([...removed].sort()));
  const singleStore = input.storeId ?? null;
  await tx.redaction.create({
    data: {
      id: redactionId,
      workspaceId: ctx.principal.workspaceId,
      storeId: singleStore,
      mode: "text",
      reason: input.reason,
      ...auditActorOf(ctx.principal),
      versionIds: JSON.stringify(versionIds),
      digest,
      createdAt: now,
    },
  });
  // Never the query: for a literal search it is the very text being removed.
  await appendAuditEvent(tx, {
    workspaceId: ctx.principal.workspaceId,
    ...auditActorOf(ctx.principal),
    action: "redaction.text",
    storeId: singleStore,
    targetType: "redaction",
    targetId: redactionId,
    requestId: ctx.requestId,
    createdAt: now,
    data: {
      redaction_id: redactionId,
      reason: input.reason,
      regex: pattern.regex,
      store_ids: [...new Set(hits.map((hit) => hit.version.storeId))],
      version_ids: versionIds,
      clean_version_ids: cleanVersions.map((v) => v.version_id),
      match_count: hits.reduce((sum, hit) => sum + hit.matches.length, 0),
      digest,
    },
  });
  return {
    type: "redaction" as const,
    id: redactionId,
    dry_run: false,
    mode: "text" as const,
    reason: input.reason,
    created_at: now.toISOString(),
    digest,
    versions: hits.map(planItem),
    clean_versions: cleanVersions,
  };
}
