// The special fixtures (same size in every profile, so small and large can be compared) and
// the git peer repositories holding the same histories.
import path from "node:path";
import { newId } from "@/lib/ids";
import type { BulkWriter } from "./bulk-writer";
import { markdown, rng, PLANTED } from "./content";
import { fastImport, initRepo, type PeerCommit } from "./git-peer";
import type { Actor, Head, Loader } from "./loader";

export const WRITE_MEMORIES = 1024;
export const WRITERS = 16;
export const REDACTION_PEER_COMMITS = 2000;

type Input = {
  writer: BulkWriter;
  loader: Loader;
  store: (name: string, time: number) => Promise<string>;
  session: (agentIndex: number, title: string, time: number) => Promise<Actor>;
  pool: string[];
  start: number;
  work: string;
  profile: string;
};

const newHead = (storeId: string, p: string, time: number): Head => ({
  id: newId("memory", time),
  storeId,
  path: p,
  createdAt: time,
  versionId: "",
  content: "",
  sha: "",
  size: 0,
});

export async function buildFixtures({ loader, store, session, pool, start, work, profile }: Input) {
  let time = start;
  const tick = () => (time += 10);
  const rand = rng(99);
  const owner = await session(0, "fixture owner", tick());

  // Scenario 1: memories the 16 writers update, each a counter the lost-update check reads back.
  const writesStore = await store("fixture-writes", tick());
  const writeMemories: string[] = [];
  const filler = markdown(rand, 1000);
  for (let i = 0; i < WRITE_MEMORIES; i++) {
    const head = await loader.version(newHead(writesStore, `/writers/counter-${i}.md`, tick()), `counter: 0\n\n${filler}`, owner, time);
    await loader.memory(head, time);
    writeMemories.push(head.id);
  }
  const writerSessions: string[] = [];
  for (let i = 0; i < WRITERS; i++) writerSessions.push((await session(0, `writer ${i}`, tick())).sessionId);

  // Scenario 2: a store of 10,000 memories in a three-level tree (20 × 25 × 20).
  const store10k = await store("fixture-10k", tick());
  const tree: { path: string; content: string }[] = [];
  let sampleMemory = "";
  for (let i = 0; i < 10_000; i++) {
    const p = `/area-${i % 20}/topic-${Math.floor(i / 20) % 25}/file-${i}.md`;
    const content = `# ${p}\n\n${pool[i % pool.length]}`;
    const head = await loader.version(newHead(store10k, p, tick()), content, owner, time);
    await loader.memory(head, time);
    tree.push({ path: p.slice(1), content });
    if (i === 5000) sampleMemory = head.id;
  }

  // Scenario 3: one memory with 10,000 versions; scenario 4: one with 1,000 line-level edits.
  const historyStore = await store("fixture-history", tick());
  const historyCommits: PeerCommit[] = [];
  let history = newHead(historyStore, "/history.md", tick());
  for (let v = 0; v < 10_000; v++) {
    const content = `# history (revision ${v + 1})\n\n${pool[(v * 7) % pool.length].slice(0, 1200)}`;
    history = await loader.version(history, content, owner, tick());
    historyCommits.push({ author: owner.sessionId, time, message: `memory write ${v + 1}`, files: [{ path: "history.md", content }] });
  }
  await loader.memory(history, time);

  const sentences = markdown(rand, 40_000).split("\n").filter(Boolean);
  const lines = sentences.slice(0, 80);
  let blame = newHead(historyStore, "/blame.md", tick());
  const blameCommits: PeerCommit[] = [];
  for (let v = 0; v < 1000; v++) {
    if (v > 0) {
      const r = rand();
      const at = Math.floor(rand() * lines.length);
      const line = sentences[Math.floor(rand() * sentences.length)];
      if (r < 0.6) lines[at] = line;
      else if (r < 0.9 || lines.length < 50) lines.splice(at, 0, line);
      else lines.splice(at, 1);
    }
    const content = lines.join("\n") + "\n";
    blame = await loader.version(blame, content, owner, tick());
    blameCommits.push({ author: owner.sessionId, time, message: `memory write ${v + 1}`, files: [{ path: "blame.md", content }] });
  }
  await loader.memory(blame, time);

  // Scenario 4: a session with 2,000 events (1,400 writes and 600 reads over 200 memories).
  const timelineStore = await store("fixture-session", tick());
  const timeline = await session(0, "fixture timeline", tick());
  const timelineHeads: Head[] = [];
  for (let e = 0; e < 2000; e++) {
    const m = e % 200;
    if (e % 10 < 3 && timelineHeads[m]) await loader.read(timelineHeads[m], timeline, tick());
    else
      timelineHeads[m] = await loader.version(
        timelineHeads[m] ?? newHead(timelineStore, `/session/file-${m}.md`, tick()),
        `# file ${m}\n\n${pool[e % pool.length]}`,
        timeline,
        tick(),
      );
  }
  for (const head of timelineHeads) await loader.memory(head, time);

  // Git peers: the same histories and tree, and a capped copy of the bulk for filter-branch.
  const peer = path.join(work, `git-${profile}`);
  initRepo(peer);
  await fastImport(peer, [
    ...historyCommits,
    ...blameCommits,
    { author: owner.sessionId, time, message: "store of 10,000 memories", files: tree.map((f) => ({ path: `store10k/${f.path}`, content: f.content })) },
  ]);
  const redactionPeer = path.join(work, `git-redaction-${profile}`);
  initRepo(redactionPeer);
  await fastImport(redactionPeer, redactionCommits(pool));

  return {
    writesStore,
    writeMemories,
    writerSessions,
    store10k,
    sampleMemory,
    historyStore,
    historyMemory: history.id,
    blameMemory: blame.id,
    timelineSession: timeline.sessionId,
    peer,
    redactionPeer,
    redactionPeerCommits: REDACTION_PEER_COMMITS,
  };
}

/** A bulk-like history capped at 2,000 commits over 200 files, 1% with the planted string. */
function* redactionCommits(pool: string[]): Generator<PeerCommit> {
  const rand = rng(5);
  for (let c = 0; c < REDACTION_PEER_COMMITS; c++) {
    const file = `topic-${c % 10}/note-${c % 200}.md`;
    const plant = rand() < 0.01 || c === 0;
    const content = `# ${file} (revision ${Math.floor(c / 200) + 1})\n\n${pool[Math.floor(rand() * pool.length)]}${plant ? `\nCredential seen in a tool result: ${PLANTED}\n` : ""}`;
    yield { author: "bench", time: 1_700_000_000_000 + c * 1000, message: `write ${c}`, files: [{ path: file, content }] };
  }
}
