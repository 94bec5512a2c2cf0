import "server-only";
import { getDb } from "../db/client";
import { pgTransaction } from "../db/pg-pool";
import { EVENTS_CHANNEL } from "../events/pg-relay";
import { sealRow, type AuditRow, type ChainHead } from "./append-audit-event";
import { processState } from "../process-state";

/**
 * The PostgreSQL audit chain's sealer. Memory writers insert their events unsealed (seq < 0, no
 * hash), so writers of different stores, on any number of instances, share no chain head and
 * never wait for one another. Right after a writer commits (under load, once per SEAL_INTERVAL_MS),
 * its instance seals the workspace:
 * under the workspace row's lock (FOR NO KEY UPDATE: row inserts referencing the workspace do not
 * wait for it), every committed unsealed event gets the next seq, its link and its hash, and one
 * NOTIFY announces the sealed range to every instance. Seals commit one at a time per workspace,
 * so seq order is commit order: a reader resuming after seq N misses nothing (Last-Event-ID,
 * webhooks). A sweep seals what a crashed instance left.
 */
const BATCH = 1_000;
const SWEEP_MS = 1_000;
/**
 * Under load, one seal per workspace per this many ms (and instance): the events of that time go
 * in one pass. A pass costs PostgreSQL about as much for one event as for dozens (its statements,
 * and the index entries its earlier passes left behind, which its read of the unsealed events steps
 * over until a vacuum), so back-to-back passes of a few events each cost ~15 % of a write's CPU
 * (bench/README.md). A write after a quiet spell is sealed at once; live events and webhooks wait
 * at most this long more while writes stream in.
 */
const SEAL_INTERVAL_MS = 50;

type SealerState = { running: Map<string, Promise<void>>; again: Set<string>; sweeper: NodeJS.Timeout | null; sweeping: boolean };
const state = processState<SealerState>("sealer", () => ({ running: new Map(), again: new Set(), sweeper: null, sweeping: false }));

/** Seals the workspace soon (coalesced: one seal at a time per workspace in this process). */
export function scheduleSeal(workspaceId: string): void {
  if (state.running.has(workspaceId)) {
    state.again.add(workspaceId);
    return;
  }
  const run = (async () => {
    try {
      do {
        state.again.delete(workspaceId);
        const began = Date.now();
        await sealWorkspace(workspaceId);
        const wait = began + SEAL_INTERVAL_MS - Date.now();
        if (state.again.has(workspaceId) && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } while (state.again.has(workspaceId));
    } catch (error) {
      // The sweep tries again; the events stay unsealed, not lost.
      console.error("engram sealer: sealing failed", (error as Error).message);
    } finally {
      state.running.delete(workspaceId);
    }
  })();
  state.running.set(workspaceId, run);
}

// The unsealed events in the order their writers got there, each with the chain's head beside it.
const pendingSql = `SELECT p.*, h."seq" AS "headSeq", h."hash" AS "headHash"
  FROM (SELECT "id", "workspaceId", "createdAt", "actorType", "actorId", "action", "storeId", "sessionId", "targetType", "targetId", "requestId", "dataSha256", "hashVersion", "seq" AS "pendingSeq"
          FROM "AuditEvent" WHERE "workspaceId" = $1 AND "seq" < 0 ORDER BY "seq" DESC LIMIT ${BATCH}) p
  LEFT JOIN LATERAL (SELECT "seq", "hash" FROM "AuditEvent" WHERE "workspaceId" = $1 AND "seq" > 0 ORDER BY "seq" DESC LIMIT 1) h ON true
  ORDER BY p."pendingSeq" DESC`;
// Their places in the chain, and the announcement (delivered by PostgreSQL at commit), in one statement.
const sealSql = `WITH sealed AS (UPDATE "AuditEvent" a SET "seq" = v.seq, "prevHash" = v.prev, "hash" = v.hash
  FROM (SELECT unnest($1::text[]) AS id, unnest($2::int[]) AS seq, unnest($3::text[]) AS prev, unnest($4::text[]) AS hash) v
  WHERE a."workspaceId" = $5 AND a."id" = v.id)
  SELECT pg_notify($6, $7)`;
type PendingRow = Omit<AuditRow, "data"> & { headSeq: number | null; headHash: string | null; pendingSeq: number };

/** Seals every committed unsealed event of the workspace; resolves to how many. No-op on SQLite (events are sealed as written). */
export async function sealWorkspace(workspaceId: string): Promise<number> {
  const { dialect } = await getDb();
  if (dialect !== "postgresql") return 0;
  let total = 0;
  for (;;) {
    const sealed = await pgTransaction(async (client) => {
      // Its own statement: the reads below must see the seals committed while this one waited for the lock.
      await client.query(`SELECT 1 FROM "Workspace" WHERE "id" = $1 FOR NO KEY UPDATE`, [workspaceId]);
      const pending = (await client.query<PendingRow>(pendingSql, [workspaceId])).rows;
      if (pending.length === 0) return 0;
      const head: ChainHead | undefined = pending[0].headSeq === null ? undefined : { seq: pending[0].headSeq, hash: pending[0].headHash! };
      let last = head;
      const rows = pending.map(({ headSeq: _seq, headHash: _hash, pendingSeq: _pending, ...row }) => {
        const next = sealRow(row, last);
        last = { seq: next.seq, hash: next.hash };
        return next;
      });
      const range = { type: "sealed", workspaceId, after: head?.seq ?? 0, upTo: last!.seq };
      await client.query(sealSql, [
        rows.map((r) => r.id),
        rows.map((r) => r.seq),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
        workspaceId,
        EVENTS_CHANNEL,
        JSON.stringify(range),
      ]);
      return rows.length;
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/** Starts (once per process) the sweep that seals events a crashed instance committed but never sealed. */
export function startSealSweeper(): void {
  if (state.sweeper) return;
  state.sweeper = setInterval(() => void sweep().catch(() => undefined), SWEEP_MS);
  state.sweeper.unref();
}

/**
 * One sweep at a time, and never waiting: the query reads every workspace's partition of the audit
 * log, so while a redaction rewrites one of them (VACUUM FULL) it would queue behind it, holding a
 * pooled connection. It gives up at once instead and the next sweep tries again; the workspaces'
 * own writers seal their events meanwhile.
 */
async function sweep(): Promise<void> {
  const { dialect } = await getDb();
  if (dialect !== "postgresql" || state.sweeping) return;
  state.sweeping = true;
  try {
    const rows = await pgTransaction(async (client) => {
      await client.query("SET LOCAL lock_timeout = 100");
      return (
        await client.query<{ id: string }>(
          `SELECT w."id" FROM "Workspace" w WHERE EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."workspaceId" = w."id" AND a."seq" < 0)`,
        )
      ).rows;
    });
    for (const { id } of rows) scheduleSeal(id);
  } finally {
    state.sweeping = false;
  }
}
