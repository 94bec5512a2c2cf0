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
 * Sealing moves an event's seq from its pending value (-n, n from one sequence shared by every
 * workspace) to its place in the chain, which leaves the old (workspaceId, seq) index entry dead
 * until a vacuum (autovacuum may be off, or far behind on a big table). The index drops the dead
 * entries it has marked when it fills the page that new pending entries go to, but not those left
 * on other pages, so a read of "seq < 0" steps over more of them as seals go on: 751 pages after
 * 20,000 events sealed at once (a backlog: pg-seal-dead-entries.test.ts), 807 on a bench database
 * with 532,000 dead rows, 22 after 100,000 bench writes. So a pass reads only the pending numbers
 * above the highest this process had sealed LOOKBACK_MS before (3 pages in that last case), or
 * before the earliest write that asked for it began, if that is earlier: numbers are drawn in time
 * order, so a writer's own pass (right after its commit) finds its event however long the writer
 * stalled between drawing its number and committing. An event whose instance died before its
 * pass is sealed by another instance's full sweep (at start and every FULL_SWEEP_EVERY sweeps) or
 * by verification or the export, which look at all.
 */
export const LOOKBACK_MS = 1_000;
// Times here are performance.now(): elapsed time that a step of the wall clock (NTP) cannot shorten.
const FULL_SWEEP_EVERY = 60;

/** What a seal looks at: the unsealed events above the bound ("recent"), or every one ("all"). */
export type SealScope = "recent" | "all";
/**
 * Under load, one seal per workspace per this many ms (and instance): the events of that time go
 * in one pass. A pass costs PostgreSQL about as much for one event as for dozens (its statements,
 * and the index entries its earlier passes left behind, which its read of the unsealed events steps
 * over until a vacuum), so back-to-back passes of a few events each cost ~15 % of a write's CPU
 * (bench/README.md). A write after a quiet spell is sealed at once; live events and webhooks wait
 * at most this long more while writes stream in.
 */
const SEAL_INTERVAL_MS = 50;

type SealerState = {
  running: Map<string, Promise<void>>;
  again: Set<string>;
  /**
   * Per workspace, the highest pending number known sealed, and since when: a mark per pass (after
   * its commit), oldest first, from the newest that is LOOKBACK_MS old. A sweep that finds nothing
   * waiting marks every number drawn before it looked.
   */
  sealedUpTo: Map<string, { at: number; upTo: number }[]>;
  /** Per workspace, when the earliest write waiting for the next pass began: its number was drawn after that. */
  writesSince: Map<string, number>;
  sweeper: NodeJS.Timeout | null;
  sweeps: number;
  /** The last number drawn when a sweep left nothing waiting: while none is drawn after it, a recent sweep has nothing to check. */
  settledAt: number;
  /** Sweeps run one after another: the last one asked for settles this; how many are still to settle. */
  sweepTail: Promise<void>;
  sweepsInFlight: number;
};
const state = processState<SealerState>("sealer", () => ({
  running: new Map(),
  again: new Set(),
  sealedUpTo: new Map(),
  writesSince: new Map(),
  sweeper: null,
  sweeps: 0,
  settledAt: -1,
  sweepTail: Promise.resolve(),
  sweepsInFlight: 0,
}));

/**
 * The seq a pass reads below: 0 for every unsealed event, or minus the highest number sealed
 * LOOKBACK_MS ago, or before `since` (a time before some waiting event's number was drawn) if earlier.
 */
function readBelow(workspaceId: string, scope: SealScope, since = Infinity): number {
  if (scope === "all") return 0;
  const old = Math.min(performance.now() - LOOKBACK_MS, since);
  let upTo = 0;
  for (const mark of state.sealedUpTo.get(workspaceId) ?? []) if (mark.at <= old) upTo = mark.upTo;
  return -upTo;
}

function markSealedUpTo(workspaceId: string, upTo: number): void {
  const marks = state.sealedUpTo.get(workspaceId) ?? [];
  const old = performance.now() - LOOKBACK_MS;
  // Keep the newest mark old enough to bound a read, and every newer one.
  while (marks.length > 1 && marks[1].at <= old) marks.shift();
  marks.push({ at: performance.now(), upTo: Math.max(upTo, marks.at(-1)?.upTo ?? 0) });
  state.sealedUpTo.set(workspaceId, marks);
}

/** The earliest of the times the workspace's waiting writes began. */
function waitSince(workspaceId: string, since: number): void {
  const earlier = state.writesSince.get(workspaceId);
  if (earlier === undefined || since < earlier) state.writesSince.set(workspaceId, since);
}

/**
 * Seals the workspace soon (coalesced: one seal at a time per workspace in this process), its
 * event among them: `writeBegan` (performance.now()) is a time before the writer drew its pending number.
 */
export function scheduleSeal(workspaceId: string, writeBegan: number): void {
  waitSince(workspaceId, writeBegan);
  if (state.running.has(workspaceId)) {
    state.again.add(workspaceId);
    return;
  }
  const run = (async () => {
    let since: number | undefined;
    try {
      do {
        state.again.delete(workspaceId);
        since = state.writesSince.get(workspaceId);
        state.writesSince.delete(workspaceId);
        const began = performance.now();
        await sealWorkspace(workspaceId, "recent", since);
        since = undefined;
        const wait = began + SEAL_INTERVAL_MS - performance.now();
        if (state.again.has(workspaceId) && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } while (state.again.has(workspaceId));
    } catch (error) {
      // The next pass looks from there again, and the sweep tries too; the events stay unsealed, not lost.
      if (since !== undefined) waitSince(workspaceId, since);
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
          FROM "AuditEvent" WHERE "workspaceId" = $1 AND "seq" < $2 ORDER BY "seq" DESC LIMIT ${BATCH}) p
  LEFT JOIN LATERAL (SELECT "seq", "hash" FROM "AuditEvent" WHERE "workspaceId" = $1 AND "seq" > 0 ORDER BY "seq" DESC LIMIT 1) h ON true
  ORDER BY p."pendingSeq" DESC`;
// Their places in the chain, and the announcement (delivered by PostgreSQL at commit), in one statement.
const sealSql = `WITH sealed AS (UPDATE "AuditEvent" a SET "seq" = v.seq, "prevHash" = v.prev, "hash" = v.hash
  FROM (SELECT unnest($1::text[]) AS id, unnest($2::int[]) AS seq, unnest($3::text[]) AS prev, unnest($4::text[]) AS hash) v
  WHERE a."workspaceId" = $5 AND a."id" = v.id)
  SELECT pg_notify($6, $7)`;
type PendingRow = Omit<AuditRow, "data"> & { headSeq: number | null; headHash: string | null; pendingSeq: number };

/**
 * Seals the workspace's committed unsealed events (every one, or the recent ones: LOOKBACK_MS, and
 * any drawn after `since`); resolves to how many. No-op on SQLite (events are sealed as written).
 */
export async function sealWorkspace(workspaceId: string, scope: SealScope = "all", since?: number): Promise<number> {
  const { dialect } = await getDb();
  if (dialect !== "postgresql") return 0;
  let total = 0;
  for (;;) {
    const sealed = await pgTransaction(async (client) => {
      // Its own statement: the reads below must see the seals committed while this one waited for the lock.
      await client.query(`SELECT 1 FROM "Workspace" WHERE "id" = $1 FOR NO KEY UPDATE`, [workspaceId]);
      const pending = (await client.query<PendingRow>(pendingSql, [workspaceId, readBelow(workspaceId, scope, since)])).rows;
      if (pending.length === 0) return { count: 0, upTo: 0 };
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
      return { count: rows.length, upTo: -pending[pending.length - 1].pendingSeq };
    });
    if (sealed.count > 0) markSealedUpTo(workspaceId, sealed.upTo); // once committed
    total += sealed.count;
    if (sealed.count < BATCH) return total;
  }
}

/** Starts (once per process) the sweep that seals events a crashed instance committed but never sealed. */
export function startSealSweeper(): void {
  if (state.sweeper) return;
  state.sweeper = setInterval(() => {
    if (state.sweepsInFlight > 0) return; // never pile up behind a slow one
    const scope = state.sweeps++ % FULL_SWEEP_EVERY === 0 ? "all" : "recent";
    void sweepUnsealed(scope).catch(() => undefined);
  }, SWEEP_MS);
  state.sweeper.unref();
}

// Per workspace, whether an unsealed event waits above its bound (none given: any unsealed event).
// The first such event in ("workspaceId", "seq") order, not EXISTS: for EXISTS (… "seq" < bound)
// the planner guesses a third of the rows match and scans the partition for the first one, which
// read every sealed event of every workspace in it, for each workspace, on every sweep.
const sweepSql = `SELECT w."id", (SELECT a."seq" FROM "AuditEvent" a WHERE a."workspaceId" = w."id" AND a."seq" < COALESCE(b."below", 0) ORDER BY a."seq" LIMIT 1) IS NOT NULL AS "waiting"
  FROM "Workspace" w LEFT JOIN unnest($1::text[], $2::int[]) AS b("id", "below") ON b."id" = w."id"`;

/** Seals every workspace's unsealed events (the recent ones, or all), after the sweep running, if any. */
export function sweepUnsealed(scope: SealScope): Promise<void> {
  state.sweepsInFlight++;
  const run = state.sweepTail.then(() => sweep(scope)).finally(() => state.sweepsInFlight--);
  state.sweepTail = run.catch(() => undefined);
  return run;
}

/**
 * Never waits for a lock: the check reads every workspace's partition of the audit log, so while a
 * redaction rewrites one of them (VACUUM FULL) it would queue behind it, holding a pooled
 * connection. It gives up at once instead and the next sweep tries again; the workspaces' own
 * writers seal their events meanwhile. A workspace where nothing waits has every number drawn
 * before the check sealed. A recent sweep checks nothing while no number has been drawn since a
 * sweep that left nothing waiting: the check reads every workspace (22 ms a second with 10,000).
 */
async function sweep(scope: SealScope): Promise<void> {
  const { dialect } = await getDb();
  if (dialect !== "postgresql") return;
  const bounded = scope === "all" ? [] : [...state.sealedUpTo.keys()];
  const { drawn, rows } = await pgTransaction(async (client) => {
    await client.query("SET LOCAL lock_timeout = 100");
    // Read first: every event with a number up to it was committed, or is still in flight, when the check below looks.
    const sequence = await client.query<{ drawn: string }>(`SELECT "last_value" AS "drawn" FROM "AuditEvent_pending_seq"`);
    const drawn = Number(sequence.rows[0].drawn);
    if (scope === "recent" && drawn === state.settledAt) return { drawn, rows: [] };
    const check = await client.query<{ id: string; waiting: boolean }>(sweepSql, [bounded, bounded.map((id) => readBelow(id, scope))]);
    return { drawn, rows: check.rows };
  });
  for (const { id, waiting } of rows) if (!waiting) markSealedUpTo(id, drawn);
  const results = await Promise.allSettled(rows.filter((row) => row.waiting).map((row) => sealWorkspace(row.id, scope)));
  for (const result of results) if (result.status === "rejected") console.error("engram sealer: sealing failed", (result.reason as Error).message);
  if (results.every((result) => result.status === "fulfilled")) state.settledAt = drawn;
}
