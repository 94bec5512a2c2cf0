import "server-only";
import { actorOf, type RequestContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { hmacHex } from "../crypto";
import { badRequest } from "../http/api-error";
import { getDb, type Tx } from "../db/client";
import { scrubDatabaseFiles } from "../db/scrub";
import { runTransaction } from "../db/transaction";
import { applyTextRedaction, planTextRedaction } from "../redaction/redact-text";
import type { Match, TextPattern } from "../redaction/text-pattern";
import { selectOpenFindings, type FindingSelection } from "./select-findings";

/**
 * The secrets behind findings, read back from their versions at the recorded place and checked
 * against the recorded digest (a version rewritten since no longer holds it there).
 */
async function secretsOf(db: Tx, workspaceId: string, findings: { versionId: string; startOffset: number; endOffset: number; digest: string }[]) {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { hmacKey: true } });
  const versions = await db.memoryVersion.findMany({
    where: { workspaceId, id: { in: [...new Set(findings.map((f) => f.versionId))] } },
    select: { id: true, content: true },
  });
  const content = new Map(versions.map((v) => [v.id, v.content ?? ""]));
  const secrets = new Set<string>();
  for (const f of findings) {
    const text = content.get(f.versionId)?.slice(f.startOffset, f.endOffset) ?? "";
    if (text && hmacHex(workspace.hmacKey, text) === f.digest) secrets.add(text);
  }
  return [...secrets];
}

/** Matches any of several literal strings (the secrets of the selected findings). */
function literalsPattern(literals: string[]): TextPattern {
  return {
    // Not a LIKE pre-filter: every version's content is matched here.
    regex: true,
    source: "",
    find: (texts) =>
      texts.map((text) => {
        const out: Match[] = [];
        for (const lit of literals)
          for (let at = text.indexOf(lit); at !== -1; at = text.indexOf(lit, at + lit.length)) out.push({ start: at, end: at + lit.length });
        return out.sort((a, b) => a.start - b.start);
      }),
  };
}

export type RedactFindingsInput = FindingSelection & { reason: string; dryRun: boolean; holdOverrideReason?: string };

/**
 * Redacts what one finding, a selection, or every open finding of a rule found: each secret (the
 * whole token around it) is removed from every version of the findings' stores, as a text
 * redaction does, and the findings become `redacted` with the redaction's id.
 */
export async function redactFindings(ctx: RequestContext, input: RedactFindingsInput) {
  authorize(ctx, "redaction:create");
  const { db } = await getDb();
  if (input.dryRun) {
    const open = await selectOpenFindings(db, ctx, input);
    const secrets = await secretsOf(db, ctx.principal.workspaceId, open);
    const plan = await planTextRedaction(ctx.principal.workspaceId, literalsPattern(secrets), [...new Set(open.map((f) => f.storeId))], "token");
    return { ...plan, mode: "findings" as const, finding_ids: open.map((f) => f.id) };
  }
  const result = await runTransaction(
    async (t) => {
      const open = await selectOpenFindings(t.tx, ctx, input);
      const secrets = await secretsOf(t.tx, ctx.principal.workspaceId, open);
      if (secrets.length === 0) throw badRequest("none of the selected findings is open and still in its version");
      const storeIds = [...new Set(open.map((f) => f.storeId))];
      const redaction = await applyTextRedaction(
        t,
        ctx,
        literalsPattern(secrets),
        storeIds,
        { reason: input.reason, storeId: input.storeId, expand: "token", holdOverrideReason: input.holdOverrideReason },
        {
          action: "redaction.findings",
          data: { finding_ids: open.map((f) => f.id) },
        },
      );
      // The same secret found elsewhere in these stores is gone too.
      const digests = [...new Set(open.map((f) => f.digest))];
      await t.tx.finding.updateMany({
        where: {
          workspaceId: ctx.principal.workspaceId,
          status: "open",
          OR: [{ id: { in: open.map((f) => f.id) } }, { digest: { in: digests }, storeId: { in: storeIds } }],
        },
        data: {
          status: "redacted",
          reason: input.reason,
          resolvedBy: JSON.stringify(actorOf(ctx.principal)),
          resolvedAt: new Date(),
          redactionId: redaction.id,
        },
      });
      return { ...redaction, mode: "findings" as const, finding_ids: open.map((f) => f.id) };
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  await scrubDatabaseFiles(ctx.principal.workspaceId);
  return result;
}
