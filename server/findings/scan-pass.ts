import "server-only";
import { idFloor } from "@/lib/ids";
import { getDb } from "../db/client";
import { detectInWorker } from "./detector-worker";
import { recordFindings, type ScannedVersionRow } from "./record-findings";

const STATE = "versions";
const BATCH = 200;
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

type VersionRow = { id: string; workspaceId: string; storeId: string; memoryId: string; content: string | null };

/** Detects in the rows that have content, records findings, then marks every row scanned. */
async function scanRows(all: VersionRow[]): Promise<number> {
  if (all.length === 0) return 0;
  const rows = all.filter((r): r is ScannedVersionRow => r.content !== null && r.content !== "");
  const results = rows.length ? await detectInWorker(rows.map((r) => r.content)) : [];
  let found = 0;
  for (let i = 0; i < rows.length; i++) found += await recordFindings(rows[i], results[i]);
  const { db } = await getDb();
  const now = new Date();
  const data = all.map((r) => ({ versionId: r.id, scannedAt: now }));
  // Several instances on one PostgreSQL may scan a new version at once (each hears of it): the
  // markers another wrote first are left as they are.
  await db.scannedVersion.createMany({ data }).catch(async (error: { code?: string }) => {
    if (error.code !== "P2002") throw error;
    for (const marker of data) {
      await db.scannedVersion.create({ data: marker }).catch((each: { code?: string }) => {
        if (each.code !== "P2002") throw each;
      });
    }
  });
  return found;
}

const versionSelect = { id: true, workspaceId: true, storeId: true, memoryId: true, content: true } as const;

/** Scans these versions now, ahead of the cursors (new writes, so a backlog never delays them); the passes skip them later. */
export async function scanVersions(ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { db } = await getDb();
  const known = new Set((await db.scannedVersion.findMany({ where: { versionId: { in: [...ids] } }, select: { versionId: true } })).map((m) => m.versionId));
  const todo = ids.filter((id) => !known.has(id));
  if (todo.length === 0) return 0;
  return scanRows(await db.memoryVersion.findMany({ where: { id: { in: todo }, redactedAt: null }, select: versionSelect }));
}

/**
 * One step of the background scanner: the next batch of versions above the head cursor, or, when
 * the head has caught up, a sweep of the window that has just left the late-commit window.
 * Resumable: the cursors live in the database.
 */
export async function scanPass(now = Date.now()): Promise<PassResult> {
  const { db } = await getDb();
  const state = await loadState();
  const fresh = await db.memoryVersion.findMany({
    where: { id: { gt: state.head || "memver_" }, redactedAt: null },
    orderBy: { id: "asc" },
    take: BATCH,
    select: versionSelect,
  });
  if (fresh.length > 0) {
    const known = new Set(
      (await db.scannedVersion.findMany({ where: { versionId: { in: fresh.map((v) => v.id) } }, select: { versionId: true } })).map((m) => m.versionId),
    );
    const found = await scanRows(fresh.filter((v) => !known.has(v.id)));
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
      const ids = await db.memoryVersion.findMany({
        where: { id: { gt: after, lte: upper }, redactedAt: null },
        orderBy: { id: "asc" },
        take: 1_000,
        select: { id: true },
      });
      if (ids.length === 0) break;
      const known = new Set(
        (await db.scannedVersion.findMany({ where: { versionId: { in: ids.map((v) => v.id) } }, select: { versionId: true } })).map((m) => m.versionId),
      );
      const missed = ids.filter((v) => !known.has(v.id)).map((v) => v.id);
      if (missed.length) {
        const rows = await db.memoryVersion.findMany({ where: { id: { in: missed } }, select: versionSelect });
        found += await scanRows(rows);
        scanned += missed.length;
      }
      after = ids[ids.length - 1].id;
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
