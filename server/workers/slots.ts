import "server-only";
import { processState } from "../process-state";

export type Slots = { run<T>(task: () => Promise<T>): Promise<T> };

const registry = processState<Map<string, { running: number; waiting: (() => void)[] }>>("slots", () => new Map());

/**
 * At most `limit()` tasks of one kind at a time (per process: the registry is process state, so
 * Next's two module graphs share it); the rest wait their turn in order. Hostile work queues here,
 * so many such requests cost their senders time rather than the server's cores.
 */
export function workerSlots(name: string, limit: () => number): Slots {
  if (!registry.has(name)) registry.set(name, { running: 0, waiting: [] });
  const state = registry.get(name)!;
  const acquire = () => {
    if (state.running < limit()) {
      state.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => state.waiting.push(resolve));
  };
  const release = () => {
    const next = state.waiting.shift();
    if (next) next();
    else state.running--;
  };
  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
