import { parseArgs } from "node:util";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";

export async function auditVerify(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: "string" },
      checkpoint: { type: "string" },
      "public-key": { type: "string" },
      "allow-untrusted": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  if (values.checkpoint)
    return (await import("./audit-checkpoint")).verifyCheckpointFile(values.checkpoint, values["public-key"], values["allow-untrusted"] === true);
  const { db } = await getDb();
  const workspaces = values.workspace ? [{ id: values.workspace }] : await db.workspace.findMany({ select: { id: true } });
  let failed = false;
  const reports = [];
  for (const { id } of workspaces) {
    const report = await verifyAuditChain(id);
    reports.push({ workspace_id: id, ...report });
    if (values.json) {
      failed ||= !report.ok;
      continue;
    }
    if (report.ok)
      console.log(
        `${id}: OK, ${report.events} events, head ${report.headSeq} ${report.headHash}${report.checkpointSeq ? `; signed checkpoint at ${report.checkpointSeq} holds` : "; no signed checkpoint yet"}`,
      );
    else {
      failed = true;
      console.log(`${id}: BROKEN at event ${report.brokenAtSeq}${report.eventId ? ` (${report.eventId})` : ""}: ${report.problem}`);
    }
  }
  if (values.json) console.log(JSON.stringify(reports, null, 2));
  return failed ? 1 : 0;
}
