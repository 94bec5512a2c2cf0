// Every API response a reader can get about one store: memories, versions, diffs, blame, session
// timelines, search, export (with history), audit list and export, and the live event replay.
import { gunzipSync } from "node:zlib";

export type Response_ = { label: string; text: string };

async function get(origin: string, key: string, path: string, init: RequestInit = {}): Promise<string> {
  const res = await fetch(`${origin}/api/v1${path}`, { ...init, headers: { "x-api-key": key, "content-type": "application/json", ...init.headers } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return res.headers.get("content-type")?.includes("gzip") ? gunzipSync(bytes).toString("latin1") : bytes.toString("utf8");
}

/** The SSE replay from the first event, read until the stream has sent `lastSeq` (or 10 s). */
async function replay(origin: string, key: string, storeId: string, lastSeq: number): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${origin}/api/v1/events?store_id=${storeId}&last_event_id=0`, { headers: { "x-api-key": key }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 10_000;
  try {
    while (!new RegExp(`^id: (\\d+)$`, "m").test(text) || Math.max(...[...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))) < lastSeq) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const chunk = await Promise.race([reader.read(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left))]);
      if (chunk === "timeout" || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    controller.abort();
  }
  return text;
}

export async function everyResponse(origin: string, key: string, storeId: string, sessionIds: string[] = []): Promise<Response_[]> {
  const out: Response_[] = [];
  const add = async (label: string, path: string, init?: RequestInit) => out.push({ label, text: await get(origin, key, path, init) });
  await add("memories", `/memory_stores/${storeId}/memories?view=full&limit=100`);
  const memories = JSON.parse(out[0].text).data as { id: string }[];
  await add("versions", `/memory_stores/${storeId}/memory_versions?view=full&limit=100`);
  const versions = JSON.parse(out[1].text).data as { id: string; memory_id: string; redacted_at: string | null }[];
  const memoryIds = new Set([...memories.map((m) => m.id), ...versions.map((v) => v.memory_id)]);
  for (const id of memoryIds) {
    // A whole-version-redacted version has nothing to diff (the API refuses it).
    const mine = versions.filter((v) => v.memory_id === id && !v.redacted_at);
    for (let i = 0; i + 1 < mine.length; i++) await add(`diff ${id}`, `/memory_stores/${storeId}/memories/${id}/diff?from=${mine[i + 1].id}&to=${mine[i].id}`);
  }
  for (const m of memories) {
    await add(`memory ${m.id}`, `/memory_stores/${storeId}/memories/${m.id}`);
    await add(`blame ${m.id}`, `/memory_stores/${storeId}/memories/${m.id}/blame`);
  }
  for (const v of versions) await add(`version ${v.id}`, `/memory_stores/${storeId}/memory_versions/${v.id}?view=full`);
  for (const s of sessionIds) await add(`timeline ${s}`, `/sessions/${s}/timeline?limit=200`);
  await add("export", `/memory_stores/${storeId}/export?history=true`);
  await add("audit list", `/audit_events?limit=100`);
  await add("audit export", `/audit_events/export?format=ndjson`);
  await add("audit csv", `/audit_events/export?format=csv`);
  // The replay carries memory events only: read it up to the store's last one.
  const audit = JSON.parse(await get(origin, key, `/audit_events?store_id=${storeId}&limit=100`)).data as { seq: number; action: string }[];
  const lastSeq = Math.max(0, ...audit.filter((e) => e.action.startsWith("memory.")).map((e) => e.seq));
  out.push({ label: "event replay", text: await replay(origin, key, storeId, lastSeq) });
  return out;
}

/** The labels of the responses that contain `needle`. */
export function responsesWith(responses: Response_[], needle: string): string[] {
  return responses.filter((r) => r.text.includes(needle)).map((r) => r.label);
}
