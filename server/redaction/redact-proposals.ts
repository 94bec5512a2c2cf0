import "server-only";
import { sha256Hex } from "../crypto";
import type { Tx } from "../db/client";
import { maskedExcerpt, replaceMatches } from "./mask";
import { maskPath, redactedPath } from "./redact-paths";
import { findSpans, type Expand } from "./redaction-spans";
import type { TextPattern } from "./text-pattern";
import type { ProposalStatus } from "../proposals/serialize-proposal";

// Proposals hold memory content (pending ones, and closed ones kept for the record), so every
// text redaction searches and scrubs them as it does versions.

type Hit = { id: string; storeId: string; path: string | null; status: string; content: string; spans: ReturnType<typeof findSpans> };

async function proposalHits(tx: Tx, workspaceId: string, pattern: TextPattern, storeIds: string[], expand: Expand | undefined): Promise<Hit[]> {
  const rows = await tx.proposal.findMany({
    where: { workspaceId, storeId: { in: storeIds }, content: { not: null } },
    select: { id: true, storeId: true, path: true, status: true, content: true },
    orderBy: { id: "desc" },
  });
  return rows.flatMap((row) => {
    const spans = findSpans(pattern, row.content!, expand);
    return spans.length ? [{ ...row, content: row.content!, spans }] : [];
  });
}

/** Proposals whose content matches, with masked excerpts (never the text itself). */
export async function searchProposals(tx: Tx, workspaceId: string, pattern: TextPattern, storeIds: string[]) {
  const hits = await proposalHits(tx, workspaceId, pattern, storeIds, "token");
  return hits.map((hit) => ({
    type: "redaction_search_proposal" as const,
    proposal_id: hit.id,
    store_id: hit.storeId,
    path: maskPath(pattern, hit.path),
    status: hit.status as ProposalStatus,
    match_count: hit.spans.length,
    excerpt: maskedExcerpt(hit.content, hit.spans),
  }));
}

/** Replaces every match in proposals' content with the marker, inside the redaction's transaction; returns the ids changed. */
export async function redactProposalText(
  tx: Tx,
  workspaceId: string,
  pattern: TextPattern,
  storeIds: string[],
  expand: Expand | undefined,
  marker: string,
  removed: Set<string>,
) {
  const hits = await proposalHits(tx, workspaceId, pattern, storeIds, expand);
  for (const hit of hits) {
    for (const span of hit.spans) removed.add(hit.content.slice(span.start, span.end));
    const clean = replaceMatches(hit.content, hit.spans, marker);
    await tx.proposal.update({ where: { id: hit.id, workspaceId }, data: { content: clean, contentSha256: sha256Hex(clean) } });
  }
  const paths = await redactProposalPaths(tx, workspaceId, pattern, storeIds, expand, removed);
  const changed = [...new Set([...hits.map((hit) => hit.id), ...paths])];
  return changed.map((id) => ({
    proposal_id: id,
    store_id: hits.find((hit) => hit.id === id)?.storeId ?? null,
    match_count: hits.find((hit) => hit.id === id)?.spans.length ?? 0,
  }));
}

/** Paths reach proposals too (a path can hold the secret): each matching path and previous path is rewritten. */
async function redactProposalPaths(tx: Tx, workspaceId: string, pattern: TextPattern, storeIds: string[], expand: Expand | undefined, removed: Set<string>) {
  const rows = await tx.proposal.findMany({ where: { workspaceId, storeId: { in: storeIds } }, select: { id: true, path: true, previousPath: true } });
  const changed: string[] = [];
  for (const row of rows) {
    const path = row.path === null ? null : redactedPath(pattern, row.path, expand);
    const previous = row.previousPath === null ? null : redactedPath(pattern, row.previousPath, expand);
    if (!path && !previous) continue;
    for (const text of [...(path?.removed ?? []), ...(previous?.removed ?? [])]) removed.add(text);
    await tx.proposal.update({
      where: { id: row.id, workspaceId },
      data: { ...(path ? { path: path.after } : {}), ...(previous ? { previousPath: previous.after } : {}) },
    });
    changed.push(row.id);
  }
  return changed;
}

/** A whole-version redaction also clears the proposal that version was approved from. */
export async function redactApprovedProposal(tx: Tx, workspaceId: string, versionId: string, at: Date) {
  await tx.proposal.updateMany({ where: { workspaceId, versionId }, data: { content: null, contentSha256: null, redactedAt: at } });
}
