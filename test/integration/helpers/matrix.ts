// Raw HTTP calls and per-row fixtures for the authorization matrix (and the CSRF sweep, which
// reuses them): each fixture is a fresh store the test agents are granted on, holding a memory
// with two versions, plus a session of the read-write agent.
import type { TestTenant } from "./fixtures";
import type { Principals } from "./principals";

export type Sent = { status: number; text: string; headers: Headers };
export type Request = { method: string; path: string; headers?: Record<string, string>; body?: unknown; raw?: Uint8Array<ArrayBuffer>; contentType?: string };

/** One request to /api/v1; streaming responses (SSE) are cut after their headers. */
export async function send(origin: string, request: Request): Promise<Sent> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (request.raw) {
    body = request.raw;
    headers["content-type"] = request.contentType ?? "application/octet-stream";
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers["content-type"] = "application/json";
  }
  const abort = new AbortController();
  const url = `${origin}/api/v1${request.path}`;
  const init = { method: request.method, headers, body, signal: abort.signal };
  // A pooled keep-alive socket the server already closed (after a refused oversized body) fails
  // before the request is sent; one retry on a fresh connection is what any HTTP client does.
  const response = await fetch(url, init).catch((error: Error & { cause?: { code?: string } }) => {
    if (error.cause?.code === "UND_ERR_SOCKET" || error.cause?.code === "ECONNRESET") return fetch(url, init);
    throw error;
  });
  const streaming = response.headers.get("content-type")?.includes("text/event-stream");
  const text = streaming ? "" : await response.text();
  if (streaming) abort.abort();
  return { status: response.status, text, headers: response.headers };
}

export type Fixture = {
  storeId: string;
  memoryId: string;
  firstVersionId: string;
  headVersionId: string;
  headSha: string;
  sessionId: string;
};

export async function adminJson<T = Record<string, unknown>>(origin: string, adminKey: string, method: string, path: string, body?: unknown): Promise<T> {
  const sent = await send(origin, { method, path, headers: { "x-api-key": adminKey }, body });
  if (sent.status >= 300) throw new Error(`fixture call ${method} ${path} failed: ${sent.status} ${sent.text}`);
  return JSON.parse(sent.text) as T;
}

export async function makeFixture(origin: string, tenant: TestTenant, principals: Principals, label: string): Promise<Fixture> {
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => adminJson<T>(origin, tenant.adminKey, method, path, body);
  const store = await call<{ id: string }>("POST", "/memory_stores", { name: `matrix ${label}` });
  await principals.grantAgents(store.id);
  const first = await call<{ id: string; memory_version_id: string }>("POST", `/memory_stores/${store.id}/memories`, {
    path: `/notes/${label}.md`,
    content: "line one\nsecret-ish token\n",
  });
  const head = await call<{ memory_version_id: string; content_sha256: string }>("POST", `/memory_stores/${store.id}/memories/${first.id}`, {
    content: "line one\nline two\n",
  });
  const session = await call<{ id: string }>("POST", "/sessions", { agent_id: principals.readWriteAgentId, title: `matrix ${label}` });
  return {
    storeId: store.id,
    memoryId: first.id,
    firstVersionId: first.memory_version_id,
    headVersionId: head.memory_version_id,
    headSha: head.content_sha256,
    sessionId: session.id,
  };
}
