import "server-only";
import { getDb } from "../db/client";
import { readLatestCheckpoint } from "./checkpoint-store";
import { checkEvent, type RedactionRecord } from "./check-event";
import { GENESIS_HASH } from "./event-hash";
import { sealWorkspace } from "./seal-audit-events";

export type ChainReport =
  | { ok: true; events: number; headSeq: number; headHash: string; checkpointSeq: number | null }
  | { ok: false; events: number; brokenAtSeq: number; eventId: string | null; problem: string };

const BATCH = 2_000;

/**
 * Recomputes every hash in order. An edited row fails its own hash; a deleted or reordered row
 * breaks the sequence or the link to its predecessor; deleting the newest events is caught by
 * the newest signed checkpoint (made on a schedule, checkpoint-schedule.ts), which the chain must
 * still contain. Reports the first broken event; a corrupt row is a failure at its seq, never a
 * crash. On PostgreSQL committed events are sealed first, so all of them are checked.
 */
export async function verifyAuditChain(workspaceId: string): Promise<ChainReport> {
  await sealWorkspace(workspaceId);
  const { db } = await getDb();
  const redactions = await redactionRecords(workspaceId);
  const checkpoint = readLatestCheckpoint(workspaceId);
  if (checkpoint && !checkpoint.ok) return { ok: false, events: 0, brokenAtSeq: checkpoint.seq, eventId: null, problem: checkpoint.problem };
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { workspaceId, seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      const fail = (problem: string): ChainReport => ({ ok: false, events: checked, brokenAtSeq: expectedSeq, eventId: row.id, problem });
      if (row.seq !== expectedSeq)
        return { ok: false, events: checked, brokenAtSeq: expectedSeq, eventId: null, problem: `event ${expectedSeq} is missing (next is ${row.seq})` };
      if (row.prevHash !== prevHash) return fail(`event ${row.seq} does not link to event ${row.seq - 1}`);
      const problem = checkEvent(row, redactions.get(row.id));
      if (problem) return fail(`event ${row.seq} was altered: ${problem}`);
      if (checkpoint && row.seq === checkpoint.seq && row.hash !== checkpoint.headHash)
        return fail(`event ${row.seq} no longer has the hash its signed checkpoint recorded: the log was rewritten`);
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const headSeq = expectedSeq - 1;
  if (checkpoint && headSeq < checkpoint.seq) {
    const problem = `the log ends at event ${headSeq} but a signed checkpoint covers event ${checkpoint.seq}: the newest events were deleted`;
    return { ok: false, events: checked, brokenAtSeq: headSeq + 1, eventId: null, problem };
  }
  return { ok: true, events: checked, headSeq, headHash: prevHash, checkpointSeq: checkpoint?.seq ?? null };
}

/** The redactions of event data recorded in the chain (audit.data_redacted), latest per event. */
async function redactionRecords(workspaceId: string): Promise<Map<string, RedactionRecord>> {
  const { db } = await getDb();
  const rows = await db.auditEvent.findMany({
    where: { workspaceId, action: "audit.data_redacted", seq: { gt: 0 } },
    orderBy: { seq: "asc" },
    select: { data: true },
  });
  const records = new Map<string, RedactionRecord>();
  for (const row of rows) {
    try {
      const data = JSON.parse(row.data) as { event_id?: string; event_hash?: string; data_sha256?: string };
      // event_hash is empty for an event redacted before it was sealed (PostgreSQL, same transaction): only version 1 needs it.
      if (data.event_id && data.data_sha256) records.set(data.event_id, { eventHash: data.event_hash ?? "", dataSha256: data.data_sha256 });
    } catch {
      // The chain check reports this row itself.
    }
  }
  return records;
}
