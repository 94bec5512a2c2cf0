import { parseArgs } from "node:util";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";

export async function auditVerify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { workspace: { type: "string" }, checkpoint: { type: "string" }, "public-key": { type: "string" } } });
  if (values.checkpoint) return (await import("./audit-checkpoint")).verifyCheckpointFile(values.checkpoint, values["public-key"]);
  const { db } = await getDb();
  const workspaces = values.workspace ? [{ id: values.workspace }] : await db.workspace.findMany({ select: { id: true } });
  let failed = false;
  for (const { id } of workspaces) {
    const report = await verifyAuditChain(id);
    if (report.ok) console.log(`${id}: OK, ${report.events} events, head ${report.headSeq} ${report.headHash}`);
    else {
      failed = true;
      console.log(`${id}: BROKEN at event ${report.brokenAtSeq}${report.eventId ? ` (${report.eventId})` : ""}: ${report.problem}`);
    }
  }
  return failed ? 1 : 0;
}
