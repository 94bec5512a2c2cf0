// Scenario 1: 16 SDK clients update memories with content_sha256 preconditions. Each memory is
// a counter; every accepted write increments what the writer last saw, so after the run every
// counter must equal its start value plus the writes the server acknowledged for it (a lost
// update would leave it short). 1/16 of the memories are shared by all writers (conflicts,
// 409, retrieve, retry); the rest are partitioned.
import http from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import { sha256 } from "../lib/content";
import { summarize, type Summary } from "../lib/stats";

export type Manifest = {
  workspaceId: string;
  adminKey: string;
  agentKey: string;
  writesStore: string;
  writeMemories: string[];
  /** The store of each write memory, when they are spread over several (spread-stores.ts); else writesStore. */
  writeStores?: string[];
  writerSessions: string[];
};

export type WriteResult = {
  writesPerSecond: number;
  latency: Summary;
  writes: number;
  conflicts: number;
  lostUpdates: number;
  seconds: number;
  cpuPerWriteUs?: number;
  /** CPU this process (the 16 SDK clients) spent per accepted write: the other half of the machine. */
  clientCpuPerWriteUs: number;
};

const FILLER = "- ".padEnd(1000, "remember the user prefers concise answers; ") + "\n";
const counterOf = (content: string) => Number(/^counter: (\d+)/.exec(content)?.[1] ?? NaN);

export function sdk(baseUrl: string, apiKey: string, sessionId?: string) {
  return new Anthropic({ apiKey, baseURL: `${baseUrl}/api`, maxRetries: 0, defaultHeaders: sessionId ? { "x-engram-session-id": sessionId } : {} });
}

/** What a writer needs: the SDK (the scenario), or plain node:http (to show what the clients' own CPU costs). */
type MemoryClient = {
  retrieve(memoryId: string): Promise<{ content?: string | null; content_sha256: string }>;
  update(memoryId: string, content: string, sha: string): Promise<unknown>;
};
export type Transport = "sdk" | "http";

/** The store a write memory lives in. */
function storeOf(m: Manifest): (memoryId: string) => string {
  const stores = new Map(m.writeMemories.map((id, i) => [id, m.writeStores?.[i] ?? m.writesStore]));
  return (memoryId) => stores.get(memoryId) ?? m.writesStore;
}

function sdkClient(baseUrl: string, m: Manifest, apiKey: string, sessionId?: string): MemoryClient {
  const client = sdk(baseUrl, apiKey, sessionId);
  const store = storeOf(m);
  return {
    retrieve: (id) => client.beta.memoryStores.memories.retrieve(id, { memory_store_id: store(id), view: "full" }),
    update: (id, content, sha) =>
      client.beta.memoryStores.memories.update(id, { memory_store_id: store(id), content, precondition: { type: "content_sha256", content_sha256: sha } }),
  };
}

// One keep-alive socket per writer, like the SDK's pooled fetch; errors carry the HTTP status as the SDK's do.
function httpClient(baseUrl: string, m: Manifest, apiKey: string, sessionId?: string): MemoryClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { "x-api-key": apiKey, "content-type": "application/json", ...(sessionId ? { "x-engram-session-id": sessionId } : {}) };
  const store = storeOf(m);
  const call = (method: string, id: string, path: string, body?: unknown) =>
    new Promise<{ content?: string | null; content_sha256: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(`${baseUrl}/api/v1/memory_stores/${store(id)}${path}`, { method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          if (response.statusCode === 200) resolve(JSON.parse(text));
          else reject(Object.assign(new Error(text), { status: response.statusCode }));
        });
      });
      request.on("error", reject);
      request.end(payload);
    });
  return {
    retrieve: (id) => call("GET", id, `/memories/${id}?view=full`),
    update: (id, content, sha) => call("POST", id, `/memories/${id}`, { content, precondition: { type: "content_sha256", content_sha256: sha } }),
  };
}

async function readCounters(client: MemoryClient, m: Manifest): Promise<number[]> {
  const out: number[] = new Array(m.writeMemories.length);
  for (let i = 0; i < m.writeMemories.length; i += 32) {
    await Promise.all(
      m.writeMemories.slice(i, i + 32).map(async (id, j) => {
        out[i + j] = counterOf((await client.retrieve(id)).content ?? "");
      }),
    );
  }
  return out;
}

/**
 * `serverCpuMs` (optional) reads the server's CPU time, sampled around the write phase only.
 * Several base URLs (instances on one database) take the writers in turn.
 */
export async function runWrites(
  baseUrls: string | string[],
  m: Manifest,
  seconds: number,
  clients = 16,
  serverCpuMs?: () => number,
  transport: Transport = "sdk",
): Promise<WriteResult> {
  const connect = transport === "sdk" ? sdkClient : httpClient;
  const urls = typeof baseUrls === "string" ? [baseUrls] : baseUrls;
  const admin = connect(urls[0], m, m.adminKey);
  const start = await readCounters(admin, m);
  const memories = m.writeMemories.length;
  const shared = Math.floor(memories / 16);
  const own = Math.floor((memories - shared) / clients);
  const acknowledged = new Array(memories).fill(0);
  const latencies: number[] = [];
  let conflicts = 0;
  const deadline = Date.now() + seconds * 1000;

  const writer = async (c: number) => {
    const client = connect(urls[c % urls.length], m, m.agentKey, m.writerSessions[c % m.writerSessions.length]);
    // What this writer believes each memory holds; stale for shared memories until a 409.
    const view = new Map<number, { counter: number; sha: string }>();
    let round = 0;
    while (Date.now() < deadline) {
      round++;
      const i = round % 10 === 0 ? memories - 1 - ((round / 10 + c) % shared) : c * own + (round % own);
      let state = view.get(i);
      if (!state) state = await refresh(client, m, i, view);
      for (;;) {
        // The writer and round make every write's content unique: two writers sending the same
        // text would both succeed (a write of what the memory already holds is accepted whatever
        // the precondition) and the check would count one increment twice.
        const content = `counter: ${state.counter + 1}\nwriter ${c} round ${round}\n\n${FILLER}`;
        const began = performance.now();
        try {
          await client.update(m.writeMemories[i], content, state.sha);
          latencies.push(performance.now() - began);
          acknowledged[i]++;
          view.set(i, { counter: state.counter + 1, sha: sha256(content) });
          break;
        } catch (error) {
          if ((error as { status?: number }).status !== 409) throw error;
          conflicts++;
          state = await refresh(client, m, i, view);
        }
      }
    }
  };
  const cpuBefore = serverCpuMs?.();
  const clientBefore = process.cpuUsage();
  const began = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => writer(c)));
  const elapsed = (performance.now() - began) / 1000;
  const cpuMs = serverCpuMs && cpuBefore !== undefined ? serverCpuMs() - cpuBefore : undefined;
  const clientCpu = process.cpuUsage(clientBefore);

  const end = await readCounters(admin, m);
  const lostUpdates = end.reduce((lost, value, i) => lost + Math.max(0, start[i] + acknowledged[i] - value), 0);
  const writes = latencies.length;
  const cpuPerWriteUs = cpuMs === undefined ? undefined : (cpuMs * 1000) / writes;
  const clientCpuPerWriteUs = (clientCpu.user + clientCpu.system) / writes;
  return {
    writesPerSecond: writes / elapsed,
    latency: summarize(latencies),
    writes,
    conflicts,
    lostUpdates,
    seconds: elapsed,
    cpuPerWriteUs,
    clientCpuPerWriteUs,
  };
}

async function refresh(client: MemoryClient, m: Manifest, i: number, view: Map<number, { counter: number; sha: string }>) {
  const memory = await client.retrieve(m.writeMemories[i]);
  const state = { counter: counterOf(memory.content ?? ""), sha: memory.content_sha256 };
  view.set(i, state);
  return state;
}
