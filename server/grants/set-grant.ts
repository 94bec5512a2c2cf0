import "server-only";
import { newId } from "@/lib/ids";
import { MAX_PATH_RULES, parsePathPattern, type Access, type PathRule } from "@/lib/path-grants";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { badRequest, notFound } from "../http/api-error";

export type GrantAccess = Access;

/** Valid, distinct patterns, in the order given. */
function checkPathRules(rules: readonly PathRule[]): PathRule[] {
  if (rules.length > MAX_PATH_RULES) throw badRequest(`a grant may name at most ${MAX_PATH_RULES} path patterns`);
  const seen = new Set<string>();
  for (const rule of rules) {
    const parsed = parsePathPattern(rule.pattern);
    if (!parsed.ok) throw badRequest(parsed.message);
    if (seen.has(rule.pattern)) throw badRequest(`path pattern ${rule.pattern} is named twice`);
    seen.add(rule.pattern);
  }
  return rules.map((rule) => ({ pattern: rule.pattern, access: rule.access }));
}

/**
 * Gives an agent (or every agent, with agentId null) read-only, propose or read-write access to
 * a store, replacing what it had; `access: null` removes the grant. With `paths`, the grant
 * reaches only the paths its patterns match, each with its own access.
 */
export async function setGrant(
  ctx: RequestContext,
  input: { storeId: string; agentId: string | null; access: GrantAccess | null; paths?: readonly PathRule[] },
) {
  authorize(ctx, "grants:manage");
  const workspaceId = ctx.principal.workspaceId;
  const paths = JSON.stringify(input.access ? checkPathRules(input.paths ?? []) : []);
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findFirst({ where: { id: input.storeId, workspaceId } });
      if (!store) throw notFound(`Memory store ${input.storeId}`);
      if (input.agentId) {
        const agent = await tx.agent.findFirst({ where: { id: input.agentId, workspaceId } });
        if (!agent) throw notFound(`Agent ${input.agentId}`);
      }
      const existing = await tx.grant.findFirst({ where: { storeId: store.id, agentId: input.agentId } });
      if ((existing?.access ?? null) === input.access && (!existing || existing.paths === paths)) return existing;
      if (existing) await tx.grant.delete({ where: { id: existing.id } });
      const grant = input.access
        ? await tx.grant.create({ data: { id: newId("grant"), workspaceId, storeId: store.id, agentId: input.agentId, access: input.access, paths } })
        : null;
      await auditRequest(tx, ctx, {
        action: input.access ? "grant.set" : "grant.removed",
        storeId: store.id,
        targetType: "agent",
        targetId: input.agentId ?? "*",
        data: { access: input.access, paths: JSON.parse(paths) as PathRule[], previous: existing?.access ?? null },
      });
      return grant;
    },
    { lockWorkspace: workspaceId },
  );
}
