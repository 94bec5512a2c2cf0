// `npm run cli -- mount --store STORE --dir DIR`: keep DIR and an Engram store in two-way sync
// until SIGINT/SIGTERM. Reports go to stdout as JSON lines (one per event), problems to stderr.
// Talks to Engram over HTTP only (ENGRAM_URL, ENGRAM_API_KEY), never to the database.
import { parseArgs } from "node:util";
import { mountSession } from "@/mount-client/mount-session";
import { isIdle, mountStore, type MountReport } from "@/mount-client/mount-store";

export const mountUsage = `  mount (--store STORE | --session SESSION_ID) --dir DIR [--read-only] [--session SESSION_ID] [--interval SECONDS]
        [--delete-delay SECONDS] [--flush-timeout SECONDS]
                                            two-way sync of a store with a directory (ENGRAM_URL, ENGRAM_API_KEY);
                                            --session without --store mounts every store the session attaches, in DIR/<name>`;

export async function mount(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: "string" },
      dir: { type: "string" },
      "read-only": { type: "boolean" },
      session: { type: "string" },
      interval: { type: "string" },
      "delete-delay": { type: "string" },
      "flush-timeout": { type: "string" },
      // Reports are JSON lines already; --json is accepted like everywhere.
      json: { type: "boolean" },
    },
  });
  const apiKey = process.env.ENGRAM_API_KEY;
  if ((!values.store && !values.session) || !values.dir || !apiKey) {
    console.error(`mount needs --store (or --session) and --dir, and ENGRAM_API_KEY in the environment\n${mountUsage}`);
    return 2;
  }
  const seconds = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback * 1000;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of seconds, got "${raw}"`);
    return Math.round(n * 1000);
  };
  const print = (r: MountReport) => {
    if (r.type === "synced" && isIdle(r.summary)) return;
    process.stdout.write(JSON.stringify(r) + "\n");
  };
  // Listen before the first download: a signal during it still ends in a final sync.
  let received: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => (received = signal);
  const listener = (signal: NodeJS.Signals) => {
    if (received && signal === "SIGINT") process.exit(130); // a second Ctrl-C: the state file makes this safe
    onSignal(signal);
  };
  process.on("SIGINT", listener);
  process.on("SIGTERM", listener);
  const common = {
    baseURL: process.env.ENGRAM_URL ?? "http://localhost:3000/api",
    apiKey,
    dir: values.dir,
    intervalMs: seconds("interval", values.interval, 5),
    deleteDelayMs: seconds("delete-delay", values["delete-delay"], 30),
    flushTimeoutMs: seconds("flush-timeout", values["flush-timeout"], 30),
    onReport: print,
  };
  const handles = values.store
    ? [await mountStore({ ...common, storeId: values.store, readOnly: values["read-only"] ?? false, sessionId: values.session })]
    : await mountSession({ ...common, sessionId: values.session! });
  for (const handle of handles) console.error(`Mounted ${handle.storeId} at ${handle.dir}; Ctrl-C stops after a final sync.`);
  const signal =
    received ??
    (await new Promise<NodeJS.Signals>((resolve) => {
      onSignal = (sig) => {
        received = sig;
        resolve(sig);
      };
    }));
  console.error(`${signal}: final sync…`);
  const summaries = await Promise.all(handles.map((handle) => handle.stop()));
  return summaries.every(Boolean) ? 0 : 1;
}
