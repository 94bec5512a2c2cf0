import "server-only";
import { Worker } from "node:worker_threads";
import type { Detection } from "@/lib/detectors/detect";
import { processState } from "../process-state";

// Plain JavaScript evaluated in the worker. The detectors are TypeScript (lib/, shared with the
// console and the tests): the worker bundles them once with esbuild (found from the project root,
// so it works the same under tsx, vitest and Next) and runs the bundle as plain CommonJS. Loading
// them through tsx's loader instead cost the process ~50 MB more: a module-hooks thread of its
// own and every module transformed and kept apart (bench/README.md, "Server RSS").
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const path = require("node:path");
const esbuild = require(require.resolve("esbuild", { paths: [workerData.root] }));
const loaded = esbuild
  .build({
    entryPoints: [path.join(workerData.root, "lib/detectors/detect.ts")],
    absWorkingDir: workerData.root,
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "silent",
  })
  .then((result) => {
    const module = { exports: {} };
    new Function("module", "exports", "require", result.outputFiles[0].text)(module, module.exports, require);
    return module.exports;
  })
  .finally(() => esbuild.stop());
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
  // No loader flags of the parent (tsx): the thread runs plain JavaScript only.
  const worker = new Worker(WORKER, { eval: true, workerData: { root: process.cwd() }, execArgv: [] });
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
