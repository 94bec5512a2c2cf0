// Starts the server under test as a child process and reads its memory from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export type Server = { url: string; pid: number; child: ChildProcess; rssMB(): number; peakRssMB(): number; stop(): Promise<void> };

/**
 * `api`: scripts/serve-api.ts (Hono only, the agents' hot path). `console`: Engram's production
 * server (server/http/serve.ts: Hono for /api/v1, Next's built handler for pages).
 */
export async function startServer(kind: "api" | "console", databaseUrl: string, port: number, extraNodeArgs: string[] = []): Promise<Server> {
  const entry = kind === "api" ? "scripts/serve-api.ts" : "bench/console-server.ts";
  const child = spawn(process.execPath, [...extraNodeArgs, "--import", "tsx", "--import", "./scripts/server-only-hook.mjs", entry], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in 120 s`)), 120_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (/listening|running at/i.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
  child.stdout!.resume();
  const status = (field: string) => {
    const match = readFileSync(`/proc/${child.pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return match ? Number(match[1]) / 1024 : NaN;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    rssMB: () => status("VmRSS"),
    peakRssMB: () => status("VmHWM"),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
