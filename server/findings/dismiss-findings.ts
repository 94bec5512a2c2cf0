import "server-only";
import { actorOf, type RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { selectOpenFindings, type FindingSelection } from "./select-findings";
import { serializeFinding } from "./serialize-finding";

/** Marks open findings as not a secret (or accepted), with the reviewer's reason, each on the audit chain. */
export async function dismissFindings(ctx: RequestContext, input: FindingSelection & { reason: string }) {
  return runTransaction(
    async ({ tx }) => {
      const open = await selectOpenFindings(tx, ctx, input);
      const now = new Date();
      const by = JSON.stringify(actorOf(ctx.principal));
      const out = [];
      for (const f of open) {
        out.push(await tx.finding.update({ where: { id: f.id }, data: { status: "dismissed", reason: input.reason, resolvedBy: by, resolvedAt: now } }));
        await auditRequest(tx, ctx, {
          action: "finding.dismissed",
          storeId: f.storeId,
          targetType: "finding",
          targetId: f.id,
          createdAt: now,
          data: { finding_id: f.id, rule: f.rule, reason: input.reason },
        });
      }
      return { type: "finding_dismissal" as const, findings: out.map(serializeFinding) };
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
