import "server-only";
import { subscribe } from "../events/event-bus";
import { scanPass, scanVersions } from "./scan-pass";
import { processState } from "../process-state";

const IDLE_MS = 1_000;
const BUSY_MS = 20;
/**
 * While agents are writing, the scanner takes at most 1/(1+YIELD_FACTOR) of the time (it sleeps
 * YIELD_FACTOR times as long as each pass took), so a history scan or a write burst never takes
 * the cores from the write path; findings then lag behind and catch up when writes calm down.
 */
const YIELD_FACTOR = 19;
const WRITES_RECENT_MS = 1_000;
/** New versions waiting for the next tick, scanned before the history cursor moves on. */
const RECENT_LIMIT = 1_000;
const RECENT_MS = 250;

type ScannerState = { timer: NodeJS.Timeout | null; running: Promise<void> | null; stopped: boolean; unsubscribe: () => void };
const slot = processState<{ current?: ScannerState }>("finding-scanner", () => ({}));

/**
 * Scans every new version, from every write path, off the write path: a background loop tails
 * the versions table (scan-pass.ts) and runs the detectors on a worker thread. Versions this
 * process hears of (live events, from every instance) are scanned first, so a history backlog
 * does not delay the findings of today's writes (a tick scans those first, else the next batch
 * of the history, within one time budget); past RECENT_LIMIT per tick the cursor finds them. The first passes
 * after start-up scan the existing history, resumably. One loop per process; with several
 * instances on one PostgreSQL each pass is idempotent (findings are unique per version and place).
 */
/** Starts the loop; the function it returns stops it and resolves once a pass in flight has finished. */
export function startFindingScanner(): () => Promise<void> {
  const existing = slot.current;
  if (existing && !existing.stopped) return () => stop(existing);
  let lastWrite = 0;
  /** Version id → its workspace's id. */
  let recent = new Map<string, string>();
  const unsubscribe = subscribe((event) => {
    lastWrite = Date.now();
    if (event.versionId && recent.size < RECENT_LIMIT) recent.set(event.versionId, event.workspaceId);
  });
  const state: ScannerState = { timer: null, running: null, stopped: false, unsubscribe };
  slot.current = state;
  // When the next scan may run: one budget for both kinds, so scanning never takes more than
  // 1/(1+YIELD_FACTOR) of the time while agents write, whichever it scans.
  let due = Date.now() + IDLE_MS;
  const schedule = () => {
    if (state.stopped) return;
    state.timer = setTimeout(() => (state.running = tick()), Math.max(BUSY_MS, Math.min(due - Date.now(), RECENT_MS))).unref();
  };
  const tick = async () => {
    const now = Date.now();
    if (now < due) return schedule();
    const writing = now - lastWrite < WRITES_RECENT_MS;
    const started = performance.now();
    let more = false;
    try {
      if (recent.size > 0) {
        const fresh = recent;
        recent = new Map();
        await scanVersions(fresh);
        more = true;
      } else more = (await scanPass()).more;
    } catch (error) {
      const { code, meta } = error as { code?: string; meta?: { modelName?: string; target?: unknown } };
      console.error(`finding scanner pass failed: ${(error as Error).name}`, code ?? "", meta?.modelName ?? "", JSON.stringify(meta?.target ?? ""));
    }
    const took = performance.now() - started;
    due = Date.now() + (writing ? Math.max(BUSY_MS, took * YIELD_FACTOR) : more ? BUSY_MS : IDLE_MS);
    schedule();
  };
  schedule();
  return () => stop(state);
}

async function stop(state: ScannerState): Promise<void> {
  state.stopped = true;
  state.unsubscribe();
  if (state.timer) clearTimeout(state.timer);
  await state.running;
}

/** Runs passes until the scanner has caught up (tests, the CLI). */
export async function drainFindingScanner(now?: number): Promise<{ scanned: number; found: number }> {
  let scanned = 0;
  let found = 0;
  for (;;) {
    const pass = await scanPass(now);
    scanned += pass.scanned;
    found += pass.found;
    if (!pass.more && pass.scanned === 0) return { scanned, found };
  }
}
