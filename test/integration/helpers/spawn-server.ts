// Runs the API-only server (scripts/serve-api.ts) as a child process, so a test can SIGKILL it
// mid-load and start it again on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";

export const root = path.resolve(import.meta.dirname, "../../..");
/** Node's arguments to run a TypeScript script as `npm run` does: tsx as a loader, `server-only` allowed. */
export const tsxArgs = (script: string) => ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", script];

export type SpawnedApi = {
  origin: string;
  baseURL: string;
  port: number;
  child: ChildProcess;
  sdk: (apiKey: string, headers?: Record<string, string>) => Anthropic;
  /** Sends `signal` and resolves once the process has exited. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  output: () => string;
};

export { freePort } from "../../../scripts/free-port";

/**
 * Starts the server (scripts/serve-api.ts unless `script` names another) with the test run's
 * DATABASE_URL (plus `env`) and waits until it listens. Without `port` the server binds a port of
 * its own choosing and says which: a port picked here and handed over could be taken meanwhile by
 * another lane's server, which would then answer this test's requests (from its own database).
 */
export async function spawnApiServer(
  options: { env?: Record<string, string>; port?: number; timeoutMs?: number; script?: string; nodeArgs?: string[] } = {},
): Promise<SpawnedApi> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // One process, node itself with tsx as a loader: the tsx CLI would run the server in a child
  // process that a SIGKILL of the CLI leaves running, so a "crash" would not crash anything.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...tsxArgs(options.script ?? "scripts/serve-api.ts")], {
    cwd: root,
    env: { ...process.env, PORT: String(options.port ?? 0), HOST: "127.0.0.1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Both servers say so only once they serve: migrations and start-up work come before they listen.
  const port = await listeningPort(child, () => log, timeoutMs);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseURL: `${origin}/api`,
    port,
    child,
    sdk: (apiKey, headers = {}) => new Anthropic({ baseURL: `${origin}/api`, apiKey, maxRetries: 0, defaultHeaders: headers }),
    kill: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => log,
  };
}

/** The port the server says it listens on ("… listening on http://host:port…"), once it has bound it. */
async function listeningPort(child: ChildProcess, log: () => string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const bound = /listening on http:\/\/[^\s/]+:(\d+)/.exec(log());
    if (bound) return Number(bound[1]);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`API server exited before it listened:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`API server did not listen within ${timeoutMs} ms:\n${log()}`);
}
