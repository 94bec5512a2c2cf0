// Starts the server under test as a child process and reads its memory from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

export type Server = { url: string; pid: number; child: ChildProcess; rssMB(): number; peakRssMB(): number; cpuMs(): number; stop(): Promise<void> };

/**
 * `api`: scripts/serve-api.ts (Hono only, the agents' hot path). `console`: Engram's production
 * server (server/http/serve.ts: Hono for /api/v1, Next's built handler for pages).
 */
export async function startServer(kind: "api" | "console", databaseUrl: string, port: number, extraNodeArgs: string[] = []): Promise<Server> {
  const entry = kind === "api" ? "scripts/serve-api.ts" : "bench/console-server.ts";
  // BENCH_SERVER_ROOT: serve from another checkout (e.g. a worktree of an older commit) for before/after numbers.
  const child = spawn(process.execPath, [...extraNodeArgs, "--import", "tsx", "--import", "./scripts/server-only-hook.mjs", entry], {
    cwd: process.env.BENCH_SERVER_ROOT ?? process.cwd(),
    // The per-key rate limit (default 6,000/min, a runaway-loop brake) would cap scenario 1 at 100 writes/s.
    env: {
      ENGRAM_RATE_LIMIT_PER_MINUTE: "100000000",
      // The console signs its session cookies; production refuses to start without a secret.
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // A bench killed by a timeout must not leave its server behind.
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
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
    // utime + stime in clock ticks (100 Hz): CPU the server spent, whatever else loads the machine.
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
