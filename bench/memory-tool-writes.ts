// What an agent's memory-tool edit costs against the same edit through the memories API. 16
// writers each own some of scenario 1's counter files; each round one writer bumps one counter,
// either with the memory tool's `str_replace` (POST /memory_stores/{id}/memory_tool: the whole
// command one transaction, the file addressed by path) or with an update carrying a content_sha256
// precondition (POST /memory_stores/{id}/memories/{memory_id}: the write path's optimistic try).
// Plain node:http keep-alive clients for both, the phases alternated; writes/s and the server's CPU
// per write.
//   npx tsx --import ./scripts/server-only-hook.mjs bench/memory-tool-writes.ts --manifest bench/.work/small-pg.json [--seconds 10] [--rounds 2]
import http from "node:http";
import { readFileSync } from "node:fs";
import { arg } from "./lib/args";
import { sha256 } from "./lib/content";
import { startServer } from "./lib/server";
import type { Manifest } from "./scenarios/writes";

const m = JSON.parse(readFileSync(arg("manifest") ?? "bench/.work/small.json", "utf8")) as Manifest & { url: string };
const seconds = Number(arg("seconds") ?? 10);
const rounds = Number(arg("rounds") ?? 2);
const WRITERS = 16;
const PER_WRITER = 8;
const server = await startServer("api", m.url, 20_000 + Math.floor(Math.random() * 5_000), (arg("node-args") ?? "").split(" ").filter(Boolean));
const storeOf = (i: number) => m.writeStores?.[i] ?? m.writesStore;

type Reply = { status: number; body: any };
function client(apiKey: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method: string, path: string, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        `${server.url}/api/v1${path}`,
        { method, agent, headers: { "x-api-key": apiKey, "content-type": "application/json" } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
}

type File = { index: number; id: string; path: string; content: string };
const admin = client(m.adminKey);
const files: File[][] = [];
for (let w = 0; w < WRITERS; w++) {
  files.push(
    await Promise.all(
      Array.from({ length: PER_WRITER }, async (_, k) => {
        const index = w * PER_WRITER + k;
        const memory = (await admin("GET", `/memory_stores/${storeOf(index)}/memories/${m.writeMemories[index]}?view=full`)).body;
        return { index, id: memory.id, path: memory.path, content: memory.content };
      }),
    ),
  );
}

const bump = (content: string) => content.replace(/^counter: (\d+)/, (_, n) => `counter: ${Number(n) + 1}`);

async function phase(kind: "memory_tool" | "update"): Promise<{ writes: number; perSecond: number; cpuUs: number; failures: number }> {
  let writes = 0;
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const cpuBefore = server.cpuMs();
  const started = Date.now();
  await Promise.all(
    files.map(async (own) => {
      const call = client(m.agentKey);
      for (let round = 0; Date.now() < deadline; round++) {
        const file = own[round % own.length];
        const next = bump(file.content);
        const line = (text: string) => text.split("\n")[0];
        const reply =
          kind === "memory_tool"
            ? await call("POST", `/memory_stores/${storeOf(file.index)}/memory_tool`, {
                command: "str_replace",
                path: `/memories${file.path}`,
                old_str: `${line(file.content)}\n`,
                new_str: `${line(next)}\n`,
              })
            : await call("POST", `/memory_stores/${storeOf(file.index)}/memories/${file.id}`, {
                content: next,
                precondition: { type: "content_sha256", content_sha256: sha256(file.content) },
              });
        if (reply.status === 200 && !reply.body?.is_error) {
          writes++;
          file.content = next;
        } else failures++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { writes, perSecond: writes / elapsed, cpuUs: ((server.cpuMs() - cpuBefore) * 1000) / Math.max(writes, 1), failures };
}

await phase("update"); // warm-up
for (let r = 1; r <= rounds; r++) {
  for (const kind of r % 2 ? (["memory_tool", "update"] as const) : (["update", "memory_tool"] as const)) {
    const result = await phase(kind);
    console.log(`${kind.padEnd(11)} ${result.perSecond.toFixed(0)} writes/s, server CPU ${result.cpuUs.toFixed(0)} µs/write, ${result.failures} failed`);
  }
}
await server.stop();
process.exit(0);
