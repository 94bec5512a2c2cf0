import "server-only";
import { idFloor } from "@/lib/ids";
import { getDb } from "../db/client";
import { runStep } from "../db/run-step";
import { detectInWorker } from "./detector-worker";
import { recordFindings, type ScannedVersionRow } from "./record-findings";
import { scanStore, type ScanRow } from "./scan-store";

const STATE = "versions";
const BATCH = 200;
const SWEEP_BATCH = 200;
/**
 * Version ids are allocated before their transaction commits, so a version can appear below the
 * head cursor after the scanner passed it. Versions newer than this window are scanned as they
 * come (head cursor); older ones are swept once more for any the head missed, then the low-water
 * cursor moves past them and their markers are pruned.
 */
export const LATE_COMMIT_WINDOW_MS = 30_000;

export type PassResult = { scanned: number; found: number; more: boolean };

async function loadState() {
  const { db } = await getDb();
  return (
    (await db.scanState.findUnique({ where: { name: STATE } })) ??
    (await db.scanState.upsert({ where: { name: STATE }, create: { name: STATE, updatedAt: new Date() }, update: {} }))
  );
}

/** Detects in the rows that have content, records findings, then marks every row scanned. */
async function scanRows(all: ScanRow[]): Promise<number> {
  if (all.length === 0) return 0;
  const rows = all.filter((r): r is ScanRow & ScannedVersionRow => r.content !== null && r.content !== "");
  const results = rows.length ? await detectInWorker(rows.map((r) => r.content)) : [];
  let found = 0;
  for (let i = 0; i < rows.length; i++) found += await recordFindings(rows[i], results[i]);
  const { dialect } = await getDb();
  const ids = all.map((r) => r.id);
  await runStep(scanStore(dialect).mark(ids, new Date()));
  return found;
}

const unmarked = (rows: ScanRow[]) => rows.filter((r) => !r.marked);

/**
 * Scans these versions (version id → its workspace's id) now, ahead of the cursors (new writes, so
 * a backlog never delays them); the passes skip them later. One read per workspace: each reads
 * that workspace's partition only.
 */
export async function scanVersions(versions: ReadonlyMap<string, string>): Promise<number> {
  if (versions.size === 0) return 0;
  const { dialect } = await getDb();
  const store = scanStore(dialect);
  const byWorkspace = new Map<string, string[]>();
  for (const [id, workspaceId] of versions) {
    const ids = byWorkspace.get(workspaceId);
    if (ids) ids.push(id);
    else byWorkspace.set(workspaceId, [id]);
  }
  const rows: ScanRow[] = [];
  for (const [workspaceId, ids] of byWorkspace) rows.push(...(await runStep(store.byIds(workspaceId, ids))));
  return scanRows(unmarked(rows));
}

/**
 * One step of the background scanner: the next batch of versions above the head cursor, or, when
 * the head has caught up, a sweep of the window that has just left the late-commit window.
 * Resumable: the cursors live in the database.
 */
export async function scanPass(now = Date.now()): Promise<PassResult> {
  const { db, dialect } = await getDb();
  const store = scanStore(dialect);
  const state = await loadState();
  const fresh = await runStep(store.after(state.head || "memver_", BATCH));
  if (fresh.length > 0) {
    const found = await scanRows(unmarked(fresh));
    const head = fresh[fresh.length - 1].id;
    await db.scanState.update({
      where: { name: STATE },
      data: { head, scanned: { increment: fresh.length }, found: { increment: found }, updatedAt: new Date() },
    });
    return { scanned: fresh.length, found, more: fresh.length === BATCH };
  }
  // Caught up: sweep (lowWater, bound] for versions that committed after the head passed them.
  const bound = idFloor("version", now - LATE_COMMIT_WINDOW_MS);
  const upper = state.head && state.head < bound ? state.head : bound;
  if (!state.lowWater || state.lowWater < upper) {
    let found = 0;
    let scanned = 0;
    for (let after = state.lowWater || "memver_"; ;) {
      const missed = await runStep(store.unmarkedBetween(after, upper, SWEEP_BATCH));
      found += await scanRows(missed);
      scanned += missed.length;
      if (missed.length < SWEEP_BATCH) break;
      after = missed[missed.length - 1].id;
    }
    await db.scanState.update({
      where: { name: STATE },
      data: { lowWater: upper, scanned: { increment: scanned }, found: { increment: found }, updatedAt: new Date() },
    });
    await db.scannedVersion.deleteMany({ where: { versionId: { lte: upper } } });
    return { scanned, found, more: false };
  }
  return { scanned: 0, found: 0, more: false };
}
