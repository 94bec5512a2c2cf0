import "server-only";
import { canonicalize } from "@/lib/canonical-json";
import { newId } from "@/lib/ids";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { byteLength, hmacHex, sha256Hex } from "../crypto";
import { getDb } from "../db/client";
import { scrubDatabaseFiles, scrubStatus } from "../db/scrub";
import { runTransaction, type TxContext } from "../db/transaction";
import { commitVersion } from "../memory/commit-version";
import { holdOverride } from "../holds/active-holds";
import { replaceMatches } from "./mask";
import { applyPathRedaction, maskPath, planPathRedaction } from "./redact-paths";
import { redactProposalText, searchProposals } from "./redact-proposals";
import { findSpans, planLines, spansOf, type Expand } from "./redaction-spans";
import { scanVersions, type VersionHit } from "./scan-versions";
import { scopeStores } from "./scope-stores";
import { compilePattern, type TextPattern } from "./text-pattern";
import type { WireMemoryVersion } from "../api/schemas";

export type RedactTextInput = {
  query: string;
  regex?: boolean;
  expand?: Expand;
  storeId?: string;
  reason: string;
  dryRun: boolean;
  /** Needed when a legal hold covers any version the redaction changes; recorded in its audit event. */
  holdOverrideReason?: string;
};

export const MARKER = "[REDACTED]";

const planItem = (pattern: TextPattern, expand: Expand | undefined) => (hit: VersionHit) => ({
  version_id: hit.version.id,
  memory_id: hit.version.memoryId,
  store_id: hit.version.storeId,
  path: maskPath(pattern, hit.version.path, expand),
  operation: hit.version.operation as WireMemoryVersion["operation"],
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
  if (input.dryRun) return planTextRedaction(ctx.principal.workspaceId, pattern, storeIds, input.expand);
  const result = await runTransaction((t) => applyTextRedaction(t, ctx, pattern, storeIds, input), { lockWorkspace: ctx.principal.workspaceId });
  // "pending" when a reader kept the old bytes reachable; a background retry finishes the scrub.
  return { ...result, scrub: scrubStatus(await scrubDatabaseFiles(ctx.principal.workspaceId)) };
}

/** What a text redaction would change: per version, masked before/after lines. */
export async function planTextRedaction(workspaceId: string, pattern: TextPattern, storeIds: string[], expand: Expand | undefined) {
  const { db } = await getDb();
  const hits = widen(await scanVersions(db, pattern, { workspaceId, storeIds, includeHistory: true, offThread: true }), expand);
  return {
    type: "redaction_plan" as const,
    dry_run: true as const,
    mode: "text" as const,
    versions: hits.map((hit) => ({ ...planItem(pattern, expand)(hit), lines: planLines(hit.version.content ?? "", hit.matches, MARKER) })),
    live_heads: hits.filter((hit) => hit.isHead).map((hit) => ({ memory_id: hit.version.memoryId, store_id: hit.version.storeId, version_id: hit.version.id })),
    match_count: hits.reduce((sum, hit) => sum + hit.matches.length, 0),
    // Paths too: each matching path of a memory, masked, and what it becomes.
    paths: await planPathRedaction(db, workspaceId, pattern, storeIds, expand),
    proposals: await searchProposals(db, workspaceId, pattern, storeIds),
  };
}

/** The memories a redaction touches, by store, for the legal-hold check. */
function heldScope(hits: VersionHit[]) {
  const byStore = new Map<string, Set<string>>();
  for (const hit of hits) byStore.set(hit.version.storeId, (byStore.get(hit.version.storeId) ?? new Set()).add(hit.version.memoryId));
  return [...byStore].map(([storeId, memoryIds]) => ({ storeId, memoryIds: [...memoryIds] }));
}

/** Each hit's matches widened to whole tokens (unless `expand: "none"`). */
function widen(hits: VersionHit[], expand: Expand | undefined): VersionHit[] {
  return hits.map((hit) => ({ ...hit, matches: spansOf(hit.version.content ?? "", hit.matches, expand) }));
}

/** The redaction itself, in the caller's transaction (which holds the workspace lock); the caller scrubs afterwards. */
export async function applyTextRedaction(
  t: TxContext,
  ctx: RequestContext,
  pattern: TextPattern,
  storeIds: string[],
  input: Omit<RedactTextInput, "query" | "dryRun">,
  extra: { action?: "redaction.text" | "redaction.findings"; data?: Record<string, unknown> } = {},
) {
  const { tx } = t;
  // Scanned inside the transaction so nothing written since a dry run escapes.
  const workspaceId = ctx.principal.workspaceId;
  const hits = widen(await scanVersions(tx, pattern, { workspaceId, storeIds, includeHistory: true }), input.expand);
  const override = await holdOverride(tx, heldScope(hits), input.holdOverrideReason);
  const redactionId = newId("redaction");
  const now = new Date();
  const removed = new Set<string>();
  const cleanVersions: { memory_id: string; store_id: string; version_id: string }[] = [];

  for (const hit of hits.filter((h) => h.isHead)) {
    const memory = await tx.memory.findUniqueOrThrow({ where: { id: hit.version.memoryId, workspaceId } });
    const clean = replaceMatches(memory.content, findSpans(pattern, memory.content, input.expand), MARKER);
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
    await tx.memoryVersion.update({
      where: { id: hit.version.id, workspaceId },
      data: { content: clean, contentSha256: sha256Hex(clean), sizeBytes: byteLength(clean) },
    });
  }

  // Deleted memories keep "" as content, but nothing else may hold the text either.
  const stale = await tx.memory.findMany({
    where: { workspaceId, storeId: { in: storeIds }, deletedAt: { not: null }, content: { not: "" } },
    select: { id: true, content: true },
  });
  for (const memory of stale) {
    const found = findSpans(pattern, memory.content, input.expand);
    if (found.length) await tx.memory.update({ where: { id: memory.id, workspaceId }, data: { content: replaceMatches(memory.content, found, MARKER) } });
  }

  const paths = await applyPathRedaction(t, ctx, pattern, storeIds, input.expand, redactionId);
  for (const text of paths.removed) removed.add(text);
  cleanVersions.push(...paths.renamed);
  const proposals = await redactProposalText(tx, workspaceId, pattern, storeIds, input.expand, MARKER, removed);

  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.principal.workspaceId } });
  const versionIds = [...new Set([...hits.map((hit) => hit.version.id), ...paths.versionIds])];
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
  // So each version's history row can say who redacted it, when and why.
  if (versionIds.length) await tx.versionRedaction.createMany({ data: versionIds.map((versionId) => ({ versionId, redactionId, createdAt: now })) });
  // Never the query: for a literal search it is the very text being removed.
  await auditRequest(tx, ctx, {
    action: extra.action ?? "redaction.text",
    storeId: singleStore,
    targetType: "redaction",
    targetId: redactionId,
    createdAt: now,
    data: {
      redaction_id: redactionId,
      reason: input.reason,
      regex: pattern.regex,
      expand: input.expand ?? "token",
      store_ids: [...new Set(hits.map((hit) => hit.version.storeId))],
      version_ids: versionIds,
      clean_version_ids: cleanVersions.map((v) => v.version_id),
      proposal_ids: proposals.map((p) => p.proposal_id),
      match_count: hits.reduce((sum, hit) => sum + hit.matches.length, 0),
      path_version_ids: paths.versionIds,
      audit_events_rewritten: paths.auditEvents,
      digest,
      ...override,
      ...extra.data,
    },
  });
  return {
    type: "redaction" as const,
    id: redactionId,
    dry_run: false as const,
    mode: "text" as const,
    reason: input.reason,
    created_at: now.toISOString(),
    digest,
    versions: hits.map(planItem(pattern, input.expand)),
    clean_versions: cleanVersions,
    proposals: proposals.map(({ proposal_id, store_id, match_count }) => ({ proposal_id, store_id, match_count })),
  };
}
