// Shared by the mount tests: a tenant with a store the agent may write, a session, an SDK
// client that counts content-bearing requests, and small disk helpers.
import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, readdirSync } from "node:fs";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSession } from "@/server/sessions/create-session";
import type { RunningApi } from "./helpers/api-server";
import { createTestTenant } from "./helpers/fixtures";

export type RequestLog = { method: string; url: string }[];

export async function mountFixture(api: RunningApi, label: string) {
  const tenant = await createTestTenant(label);
  const admin = api.sdk(tenant.adminKey);
  const store = await admin.beta.memoryStores.create({ name: `${label} store` });
  await tenant.grant(store.id, tenant.agent.id, "read_write");
  const session = await createSession(tenant.system, { agentId: tenant.agent.id, title: `${label} session` });
  const requests: RequestLog = [];
  let offline = false;
  const agent = new Anthropic({
    baseURL: api.baseURL,
    apiKey: tenant.agentKey,
    maxRetries: 0,
    fetch: async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      requests.push({ method: init?.method ?? "GET", url });
      if (offline) throw new TypeError("fetch failed (test: offline)");
      return fetch(input, init);
    },
  });
  return {
    tenant,
    admin,
    agent,
    store,
    sessionId: session.id as string,
    requests,
    setOffline: (value: boolean) => (offline = value),
  };
}

/** The files a mounted store starts with in the mount tests. */
export async function seedStartingFiles(fx: Awaited<ReturnType<typeof mountFixture>>) {
  for (const [path, content] of [
    ["/notes.md", "first\n"],
    ["/people/ada.md", "Ada\n"],
    ["/todo.md", "- one\n"],
  ])
    await fx.admin.beta.memoryStores.memories.create(fx.store.id, { path, content });
}

/** Requests that carried memory content from the server: full views and single-memory reads. */
export function contentRequests(log: RequestLog): RequestLog {
  return log.filter((r) => r.method === "GET" && (r.url.includes("view=full") || /\/memories\/mem_[^/?]+(\?|$)/.test(r.url)));
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `engram-mount-${label}-`));
}

export async function writeFile(dir: string, rel: string, content: string | Uint8Array) {
  await fsp.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await fsp.writeFile(path.join(dir, rel), content);
}

export const readFile = (dir: string, rel: string) => fsp.readFile(path.join(dir, rel), "utf8");

export const exists = (dir: string, rel: string) =>
  fsp.access(path.join(dir, rel)).then(
    () => true,
    () => false,
  );

export function conflictCopies(dir: string, rel: string): string[] {
  const base = path.basename(rel);
  return readdirSync(path.join(dir, path.dirname(rel))).filter((n) => n.startsWith(`${base}.conflict-`));
}

/** Every live memory of the store by path (without the leading slash) → content. */
export async function serverFiles(client: Anthropic, storeId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const m of client.beta.memoryStores.memories.list(storeId, { view: "full", limit: 20 })) {
    if (m.type === "memory") out.set(m.path.slice(1), m.content ?? "");
  }
  return out;
}

export async function findMemory(client: Anthropic, storeId: string, rel: string) {
  for await (const m of client.beta.memoryStores.memories.list(storeId, { view: "basic" })) {
    if (m.type === "memory" && m.path === `/${rel}`) return m;
  }
  return undefined;
}
