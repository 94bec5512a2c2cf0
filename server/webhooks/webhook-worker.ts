import "server-only";
import { config } from "../config";
import { subscribe } from "../events/event-bus";
import { errorSummary } from "../http/error-summary";
import { deliverDue } from "./deliver-due";
import { dispatchAll } from "./dispatch-events";
import { processState } from "../process-state";

type WorkerState = { timer: NodeJS.Timeout | null; dueAt: number; stopped: boolean; running: boolean; again: boolean; unsubscribe: () => void };
/** A change wakes the worker this soon: a burst of writes makes one pass, not one per write. */
const WAKE_MS = 100;
const slot = processState<{ current?: WorkerState }>("webhook-worker", () => ({}));

/**
 * The background loop of a serving process: turn new sealed audit events into deliveries
 * (dispatch-events.ts), then send what is due (deliver-due.ts). It wakes on every committed
 * change (the event bus; on PostgreSQL the relay brings other instances' too) and at least every
 * ENGRAM_WEBHOOK_POLL_MS for retries. Instances share the work through the database: cursors
 * move by compare-and-set and deliveries are leased, so any number may run.
 */
export function startWebhookWorker(): () => void {
  const existing = slot.current;
  if (existing && !existing.stopped) return () => stop(existing);
  const state: WorkerState = { timer: null, dueAt: 0, stopped: false, running: false, again: false, unsubscribe: () => {} };
  slot.current = state;
  // A pass already due sooner is kept, so a steady stream of changes cannot keep pushing it back.
  const schedule = (ms: number) => {
    if (state.stopped || (state.timer && state.dueAt <= Date.now() + ms)) return;
    if (state.timer) clearTimeout(state.timer);
    state.dueAt = Date.now() + ms;
    state.timer = setTimeout(() => {
      state.timer = null;
      void tick();
    }, ms).unref();
  };
  const tick = async () => {
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    let busy = false;
    try {
      do {
        state.again = false;
        const dispatched = await dispatchAll();
        const sent = await deliverDue();
        busy = dispatched > 0 || sent > 0;
      } while ((state.again || busy) && !state.stopped);
    } catch (error) {
      console.error(`webhook worker pass failed: ${errorSummary(error)}`);
    } finally {
      state.running = false;
    }
    schedule(config.webhookPollMs);
  };
  state.unsubscribe = subscribe(() => schedule(WAKE_MS));
  schedule(config.webhookPollMs);
  return () => stop(state);
}

function stop(state: WorkerState) {
  state.stopped = true;
  state.unsubscribe();
  if (state.timer) clearTimeout(state.timer);
}
