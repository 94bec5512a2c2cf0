import "server-only";
import { Worker } from "node:worker_threads";
import type { Detection } from "@/lib/detectors/detect";
import { processState } from "../process-state";

// Plain JavaScript evaluated in the worker. It loads the detectors (TypeScript in lib/) through
// tsx's loader API, found from the project root, so it works the same under tsx, vitest and Next.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const path = require("node:path");
const tsxApi = path.join(path.dirname(require.resolve("tsx/package.json", { paths: [workerData.root] })), "dist/esm/api/index.mjs");
const base = pathToFileURL(path.join(workerData.root, "/")).href;
const loaded = import(pathToFileURL(tsxApi).href).then((api) => api.tsImport("./lib/detectors/detect.ts", base));
parentPort.on("message", async ({ id, texts }) => {
  try {
    const { detect } = await loaded;
    const results = [];
    for (const text of texts) results.push(await detect(text));
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Pending = { resolve: (value: Detection[][]) => void; reject: (error: Error) => void };
type WorkerState = { worker: Worker; pending: Map<number, Pending>; next: number };
const slot = processState<{ current?: WorkerState }>("detector-worker", () => ({}));

function workerState(): WorkerState {
  if (slot.current) return slot.current;
  const worker = new Worker(WORKER, { eval: true, workerData: { root: process.cwd() } });
  worker.unref();
  const state: WorkerState = { worker, pending: new Map(), next: 1 };
  worker.on("message", (msg: { id: number; results?: Detection[][]; error?: string }) => {
    const p = state.pending.get(msg.id);
    state.pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(`detector worker: ${msg.error}`));
    else p?.resolve(msg.results!);
  });
  const fail = (error: Error) => {
    for (const p of state.pending.values()) p.reject(error);
    state.pending.clear();
    if (slot.current === state) slot.current = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("detector worker exited")));
  slot.current = state;
  return state;
}

/** Runs the detectors over texts on a worker thread, so a large or hostile text never blocks the event loop. */
export function detectInWorker(texts: string[]): Promise<Detection[][]> {
  const state = workerState();
  const id = state.next++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    state.worker.ref();
    state.worker.postMessage({ id, texts });
  }).finally(() => {
    if (state.pending.size === 0) state.worker.unref();
  }) as Promise<Detection[][]>;
}
