// Scenario 1: 16 SDK clients update memories with content_sha256 preconditions. Each memory is
// a counter; every accepted write increments what the writer last saw, so after the run every
// counter must equal its start value plus the writes the server acknowledged for it (a lost
// update would leave it short). 1/16 of the memories are shared by all writers (conflicts,
// 409, retrieve, retry); the rest are partitioned.
import Anthropic from "@anthropic-ai/sdk";
import { sha256 } from "../lib/content";
import { summarize, type Summary } from "../lib/stats";

export type Manifest = {
  workspaceId: string;
  adminKey: string;
  agentKey: string;
  writesStore: string;
  writeMemories: string[];
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

async function readCounters(client: Anthropic, m: Manifest): Promise<number[]> {
  const out: number[] = new Array(m.writeMemories.length);
  for (let i = 0; i < m.writeMemories.length; i += 32) {
    await Promise.all(
      m.writeMemories.slice(i, i + 32).map(async (id, j) => {
        const memory = await client.beta.memoryStores.memories.retrieve(id, { memory_store_id: m.writesStore, view: "full" });
        out[i + j] = counterOf(memory.content ?? "");
      }),
    );
  }
  return out;
}

/** `serverCpuMs` (optional) reads the server's CPU time, sampled around the write phase only. */
export async function runWrites(baseUrl: string, m: Manifest, seconds: number, clients = 16, serverCpuMs?: () => number): Promise<WriteResult> {
  const admin = sdk(baseUrl, m.adminKey);
  const start = await readCounters(admin, m);
  const memories = m.writeMemories.length;
  const shared = Math.floor(memories / 16);
  const own = Math.floor((memories - shared) / clients);
  const acknowledged = new Array(memories).fill(0);
  const latencies: number[] = [];
  let conflicts = 0;
  const deadline = Date.now() + seconds * 1000;

  const writer = async (c: number) => {
    const client = sdk(baseUrl, m.agentKey, m.writerSessions[c % m.writerSessions.length]);
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
          await client.beta.memoryStores.memories.update(m.writeMemories[i], {
            memory_store_id: m.writesStore,
            content,
            precondition: { type: "content_sha256", content_sha256: state.sha },
          });
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

async function refresh(client: Anthropic, m: Manifest, i: number, view: Map<number, { counter: number; sha: string }>) {
  const memory = await client.beta.memoryStores.memories.retrieve(m.writeMemories[i], { memory_store_id: m.writesStore, view: "full" });
  const state = { counter: counterOf(memory.content ?? ""), sha: memory.content_sha256 };
  view.set(i, state);
  return state;
}
