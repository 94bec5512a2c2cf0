import "server-only";
import path from "node:path";
import { Worker, type ResourceLimits } from "node:worker_threads";

export type RunWorkerOptions = { timeoutMs: number; timedOut: () => Error; failed: (error?: Error) => Error; resourceLimits?: ResourceLimits };

/**
 * Runs one task on a fresh worker thread (a `.cjs` file under the project root, so no TypeScript loader is
 * needed inside or outside Next's bundle) and resolves with its first message. The worker is terminated
 * when it answers, fails or passes its deadline, so a hostile input never outlives its request.
 */
export function runWorker<Answer>(file: string, workerData: Record<string, unknown>, options: RunWorkerOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An eval'd bootstrap that requires the file: a path argument would make Next's bundler try to resolve it.
    const worker = new Worker(`require(${JSON.stringify(path.join(process.cwd(), file))})`, {
      eval: true,
      workerData: { ...workerData, root: process.cwd() },
      resourceLimits: options.resourceLimits,
    });
    let settled = false;
    const settle = (error: Error | null, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      if (error) reject(error);
      else resolve(answer!);
    };
    const deadline = setTimeout(() => settle(options.timedOut()), options.timeoutMs);
    worker.on("message", (answer: Answer) => settle(null, answer));
    worker.on("error", (error) => settle(options.failed(error)));
    worker.on("exit", () => settle(options.failed()));
  });
}
