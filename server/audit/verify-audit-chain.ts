import "server-only";
import { getDb } from "../db/client";
import { eventHash, GENESIS_HASH } from "./event-hash";

export type ChainReport =
  { ok: true; events: number; headSeq: number; headHash: string } | { ok: false; events: number; brokenAtSeq: number; eventId: string | null; problem: string };

const BATCH = 2_000;

/**
 * Recomputes every hash in order. An edited row fails its own hash; a deleted or reordered row
 * breaks the sequence or the link to its predecessor. Reports the first broken event.
 */
export async function verifyAuditChain(workspaceId: string): Promise<ChainReport> {
  const { db } = await getDb();
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
      if (eventHash(row) !== row.hash) return fail(`event ${row.seq} was altered: its hash does not match its contents`);
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  return { ok: true, events: checked, headSeq: expectedSeq - 1, headHash: prevHash };
}
