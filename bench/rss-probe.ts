// What the API server's memory is made of under scenario 1's writes: its peak RSS (200 ms samples,
// as scenario 7 takes it), split by mapping (anonymous memory by mapping size: V8's heap pages are
// 256 kB, threads' stacks and malloc arenas larger), and its threads. Used to find what took the
// server past scenario 7's 400 MB (bench/README.md, "Server RSS"). `BENCH_SERVER_ROOT` serves
// another checkout, for before/after.
//   npx tsx --import ./scripts/server-only-hook.mjs bench/rss-probe.ts --manifest bench/.work/small.json [--node-args "--trace-gc"]
import { readdirSync, readFileSync } from "node:fs";
import { arg } from "./lib/args";
import { startServer } from "./lib/server";
import { runWrites } from "./scenarios/writes";

const m = JSON.parse(readFileSync(arg("manifest") ?? "bench/.work/small.json", "utf8"));
const server = await startServer("api", m.url, 20_000 + Math.floor(Math.random() * 5_000), (arg("node-args") ?? "").split(" ").filter(Boolean));

/** Resident MB per mapping kind: files by name, anonymous memory by size class. */
function mappings(pid: number): string {
  const groups: Record<string, number> = {};
  let kind = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const mb = (parseInt(head[2], 16) - parseInt(head[1], 16)) / 1048576;
      const size = mb <= 0.26 ? "≤256k" : mb <= 1.1 ? "≤1M" : mb <= 8.5 ? "≤8M" : mb <= 70 ? "≤64M" : ">64M";
      kind = head[4] ? (head[4].split("/").pop() ?? head[4]) : `anon ${head[3]} ${size}`;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) groups[kind] = (groups[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  return Object.entries(groups)
    .filter(([, mb]) => mb >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, mb]) => `${k}: ${mb.toFixed(0)}`)
    .join(", ");
}

console.log(`idle ${server.rssMB().toFixed(0)} MB — ${mappings(server.pid)}`);
let peak = 0;
let atPeak = "";
const sampler = setInterval(() => {
  const rss = server.rssMB();
  if (rss > peak) {
    peak = rss;
    atPeak = mappings(server.pid);
  }
}, 200);
let gcLog = "";
server.child.stdout!.on("data", (chunk: Buffer) => (gcLog += chunk.toString()));
await runWrites(server.url, m, 2);
let writes = 0;
for (let run = 1; run <= 3; run++) {
  const result = await runWrites(server.url, m, 10, 16, server.cpuMs);
  writes += result.writes;
  console.log(
    `run ${run}: ${result.writesPerSecond.toFixed(0)} writes/s, server CPU ${result.cpuPerWriteUs?.toFixed(0)} µs/write, RSS ${server.rssMB().toFixed(0)} MB`,
  );
}
clearInterval(sampler);
const threads = readdirSync(`/proc/${server.pid}/task`).length;
console.log(`peak ${peak.toFixed(0)} MB (VmHWM ${server.peakRssMB().toFixed(0)}), ${threads} threads — ${atPeak}`);
// With --node-args --trace-gc: what the young generation freed per write (a lower bound on the garbage a write makes).
const freed = [...gcLog.matchAll(/Scavenge[^\n]*?([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/g)].reduce((sum, s) => sum + Number(s[1]) - Number(s[2]), 0);
if (freed) console.log(`scavenges freed ${freed.toFixed(0)} MB: ${((freed * 1024) / writes).toFixed(0)} kB per write`);
await server.stop();
process.exit(0);
