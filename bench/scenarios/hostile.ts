// Scenario 9: what hostile input costs (issue 13). How long the server takes to refuse a 1 MB gzip
// bomb and to answer 16 concurrent pathological regex searches, and how slow a plain GET gets
// meanwhile (the event-loop delay other tenants feel, seen from outside the server process). What
// a redaction's scrub costs other tenants is measured in scenario 5, against a real redaction.
import { createGzip } from "node:zlib";
import { summarize, time, type Summary } from "../lib/stats";

export type HostileManifest = { adminKey: string; url: string; dialect: string; store10k: string };
export type HostileRow = { name: string; ms: number; probe?: Summary; note?: string };

const KB = 1024;

/** A valid one-file tar, its end-of-archive marker, then zeros, gzipped to about `target` bytes. */
function trailingZerosBomb(target: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const out: Buffer[] = [];
    let size = 0;
    gzip.on("data", (c: Buffer) => {
      out.push(c);
      size += c.length;
    });
    gzip.on("end", () => resolve(Buffer.concat(out)));
    gzip.on("error", reject);
    const header = Buffer.alloc(512);
    header.write("notes.md", 0);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write("00000000005\0", 124);
    header.write("00000000000\0", 136);
    header.fill(" ", 148, 156);
    header.write("0", 156);
    header.write("ustar\u000000", 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    const body = Buffer.alloc(512);
    body.write("hello");
    gzip.write(Buffer.concat([header, body]));
    const zeros = Buffer.alloc(1 << 20);
    const pump = () => {
      for (;;) {
        if (size >= target - 2 * KB) return void gzip.end();
        if (!gzip.write(zeros)) return void gzip.once("drain", pump);
      }
    };
    pump();
  });
}

/** Back-to-back GETs while `work` runs: their latencies are what any other request would have felt. */
async function probeWhile(baseUrl: string, key: string, work: Promise<unknown>): Promise<Summary> {
  let done = false;
  void work.finally(() => (done = true)).catch(() => {});
  const samples: number[] = [];
  while (!done) {
    samples.push(await time(async () => (await fetch(`${baseUrl}/api/v1/memory_stores?limit=1`, { headers: { "x-api-key": key } })).arrayBuffer()));
  }
  return summarize(samples);
}

export async function runHostile(baseUrl: string, m: HostileManifest): Promise<HostileRow[]> {
  const rows: HostileRow[] = [];
  const quietSamples: number[] = [];
  for (let i = 0; i < 50; i++) {
    quietSamples.push(await time(async () => (await fetch(`${baseUrl}/api/v1/memory_stores?limit=1`, { headers: { "x-api-key": m.adminKey } })).arrayBuffer()));
  }
  const quiet = summarize(quietSamples);
  rows.push({ name: "quiet GET /memory_stores (reference)", ms: quiet.median, probe: quiet });

  const bomb = await trailingZerosBomb(1000 * KB);
  let status = 0;
  const started = performance.now();
  const importing = fetch(`${baseUrl}/api/v1/memory_stores/import?name=bomb`, {
    method: "POST",
    headers: { "x-api-key": m.adminKey, "content-type": "application/gzip" },
    body: new Uint8Array(bomb),
  }).then(async (r) => {
    status = r.status;
    await r.arrayBuffer();
    return performance.now() - started;
  });
  const importProbe = await probeWhile(baseUrl, m.adminKey, importing);
  rows.push({
    name: `import of a ${(bomb.length / KB).toFixed(0)} kB gzip bomb (≈1 GB of zeros after the archive)`,
    ms: await importing,
    probe: importProbe,
    note: `answered ${status}`,
  });

  const patterns = ["(a|a)+$", "(a|aa)+$", `${"\\w*".repeat(12)}!x`, "(a|a)*b"];
  const searchStarted = performance.now();
  const statuses: number[] = [];
  const searching = Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      fetch(`${baseUrl}/api/v1/redaction/search`, {
        method: "POST",
        headers: { "x-api-key": m.adminKey, "content-type": "application/json" },
        body: JSON.stringify({ query: patterns[i % patterns.length], regex: true, store_id: m.store10k, limit: 20 }),
      }).then(async (r) => {
        statuses.push(r.status);
        await r.arrayBuffer();
      }),
    ),
  ).then(() => performance.now() - searchStarted);
  const searchProbe = await probeWhile(baseUrl, m.adminKey, searching);
  rows.push({
    name: "16 concurrent pathological regex searches (10,000-memory store, history included)",
    ms: await searching,
    probe: searchProbe,
    note: `statuses ${[...new Set(statuses)].join(",")}`,
  });

  return rows;
}
