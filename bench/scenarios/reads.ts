// Scenarios 2–4: retrieve and depth listing on a 10,000-memory store, history pages of a memory
// with 10,000 versions against `git log`, a 2,000-event session timeline, and blame at 1,000
// versions against `git blame`. One client, sequential requests: latency, not throughput.
import { spawnSync } from "node:child_process";
import { sample, summarize, type Summary } from "../lib/stats";
import { sdk } from "./writes";

export type ReadManifest = {
  adminKey: string;
  agentKey: string;
  store10k: string;
  sampleMemory: string;
  historyStore: string;
  historyMemory: string;
  blameMemory: string;
  timelineSession: string;
  peer: string;
};

export type Measured = { name: string; summary: Summary; peer?: { name: string; summary: Summary }; missing?: boolean; note?: string };

/** GET an Engram path with the admin key; throws on anything but 2xx (404 "No route" = endpoint missing). */
export async function getJson(baseUrl: string, key: string, path: string): Promise<unknown> {
  const get = () => fetch(`${baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  // A pooled keep-alive socket the server closed while idle (during a long git peer run) fails once; retry it.
  const response = await get().catch(get);
  const body = await response.text();
  if (!response.ok) throw Object.assign(new Error(`${path}: ${response.status} ${body.slice(0, 200)}`), { status: response.status, body });
  return JSON.parse(body);
}

function gitTimer(dir: string, args: string[]) {
  return () => {
    const result = spawnSync("git", args, { cwd: dir, maxBuffer: 1 << 28 });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  };
}

export async function runReads(baseUrl: string, m: ReadManifest, runs: number): Promise<Measured[]> {
  const agent = sdk(baseUrl, m.agentKey);
  const out: Measured[] = [];
  const measure = async (name: string, fn: () => unknown, peer?: { name: string; fn: () => unknown; runs?: number }) => {
    try {
      const summary = summarize(await sample(runs, fn));
      out.push({ name, summary, ...(peer ? { peer: { name: peer.name, summary: summarize(await sample(peer.runs ?? runs, peer.fn, 1)) } } : {}) });
    } catch (error) {
      const missing = /No route/.test(String((error as { body?: string }).body));
      out.push({ name, summary: summarize([]), missing, note: missing ? "endpoint missing" : String(error).slice(0, 300) });
    }
  };

  // 2. Reads (agent key without a session: a session-attributed retrieve also records the read).
  await measure("retrieve (view=full)", () => agent.beta.memoryStores.memories.retrieve(m.sampleMemory, { memory_store_id: m.store10k, view: "full" }), {
    name: "git show HEAD:path",
    fn: gitTimer(m.peer, ["show", "HEAD:store10k/area-0/topic-0/file-5000.md"]),
  });
  await measure("list depth=1 at / (10k store)", () => getJson(baseUrl, m.agentKey, `/memory_stores/${m.store10k}/memories?depth=1&limit=100`));
  await measure("list depth=2 below /area-3/ (10k store)", () =>
    getJson(baseUrl, m.agentKey, `/memory_stores/${m.store10k}/memories?path_prefix=${encodeURIComponent("/area-3/")}&depth=2&limit=100`),
  );
  await measure("list first page, limit 100 (10k store)", () => getJson(baseUrl, m.agentKey, `/memory_stores/${m.store10k}/memories?limit=100`), {
    name: "git ls-tree -r HEAD store10k",
    fn: gitTimer(m.peer, ["ls-tree", "-r", "HEAD", "store10k"]),
  });

  // 3. History at 10,000 versions: newest page, and the oldest page (order=asc extension).
  const versions = `/memory_stores/${m.historyStore}/memory_versions?memory_id=${m.historyMemory}&limit=20`;
  await measure("history first page (20 of 10,000)", () => getJson(baseUrl, m.agentKey, versions), {
    name: "git log -n 20 -- history.md",
    fn: gitTimer(m.peer, ["log", "-n", "20", "--format=%H %an %at %s", "--", "history.md"]),
  });
  await measure("history last page (oldest 20 of 10,000)", () => getJson(baseUrl, m.agentKey, `${versions}&order=asc`), {
    name: "git log --reverse -- history.md (then the first 20)",
    fn: gitTimer(m.peer, ["log", "--reverse", "--format=%H %an %at %s", "--", "history.md"]),
    runs: Math.min(runs, 10),
  });

  // 4. Timeline of 2,000 events (first page and the full walk), blame at 1,000 versions.
  await measure("session timeline first page (50 of 2,000, with diffs)", () =>
    getJson(baseUrl, m.adminKey, `/sessions/${m.timelineSession}/timeline?limit=50`),
  );
  await measure("session timeline page of 200 (with diffs)", () => getJson(baseUrl, m.adminKey, `/sessions/${m.timelineSession}/timeline?limit=200`));
  await measure("blame at 1,000 versions", () => getJson(baseUrl, m.agentKey, `/memory_stores/${m.historyStore}/memories/${m.blameMemory}/blame`), {
    name: "git blame blame.md",
    fn: gitTimer(m.peer, ["blame", "--porcelain", "blame.md"]),
    runs: Math.min(runs, 10),
  });
  return out;
}
