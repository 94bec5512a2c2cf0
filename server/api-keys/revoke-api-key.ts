import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { notFound } from "../http/api-error";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";

/** Revocation takes effect on the key's next request: every request looks the key up. */
export async function revokeApiKey(ctx: RequestContext, apiKeyId: string) {
  authorize(ctx, "keys:manage");
  return runTransaction(
    async ({ tx }) => {
      const key = await tx.apiKey.findFirst({ where: { id: apiKeyId, workspaceId: ctx.principal.workspaceId } });
      if (!key) throw notFound(`API key ${apiKeyId}`);
      if (key.revokedAt) return key;
      const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      await auditRequest(tx, ctx, {
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: key.id,
        data: { name: key.name, prefix: key.prefix },
      });
      return revoked;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
