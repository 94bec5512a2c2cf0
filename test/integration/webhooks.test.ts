// Issue 17 item 3: webhooks. A receiver on 127.0.0.1 gets each event type once per change, every
// signature verifies with the `standardwebhooks` library, a 500 is retried (backoff base shrunk by
// env), an endpoint that keeps failing is disabled with its reason, private targets are refused
// unless allowed, and a delivery pending when the server is SIGKILLed arrives after the restart.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "@/server/webhooks/target-address";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { send } from "./helpers/matrix";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";
import { startReceiver, type Received, type Receiver } from "./helpers/webhook-receiver";

type Hook = { id: string; secret: string; status: string; disabled_reason: string | null; events: string[] };
type Delivery = { id: string; event_type: string; status: string; attempts: number; response_status_code: number | null; duration_ms: number | null };
type Envelope = { id: string; created_at: string; type: string; data: { id: string; workspace_id: string; type: string } & Record<string, string | null> };

const serverEnv = {
  ENGRAM_WEBHOOK_ALLOW_PRIVATE: "1",
  ENGRAM_WEBHOOK_RETRY_BASE_MS: "100",
  ENGRAM_WEBHOOK_MAX_ATTEMPTS: "4",
  ENGRAM_WEBHOOK_POLL_MS: "100",
  ENGRAM_WEBHOOK_TIMEOUT_MS: "2000",
  AUTH_SECRET: "webhooks-test-auth-secret-0123456789abcdef",
  ENGRAM_METRICS_TOKEN: "webhooks-metrics-token",
};
type Family = { name: string; metrics: { value?: string; labels?: Record<string, string> }[] };
const scrape = async () => {
  const res = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${serverEnv.ENGRAM_METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return parsePrometheusTextFormat(await res.text()) as Family[];
};
const metric = (families: Family[], name: string, labels: Record<string, string> = {}) =>
  families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;

let server: SpawnedApi;
let receiver: Receiver;
let tenant: TestTenant;

const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, key = tenant.adminKey) => {
  const sent = await send(server.origin, { method, path, body, headers: { "x-api-key": key } });
  if (sent.status >= 300) throw new Error(`${method} ${path}: ${sent.status} ${sent.text}`);
  return JSON.parse(sent.text) as T;
};
/** The endpoint's deliveries once none is pending (the receiver sees a request before its sender records the answer). */
const settledDeliveries = (hookId: string) =>
  until(async () => {
    const page = await call<{ data: Delivery[] }>("GET", `/webhooks/${hookId}/deliveries?limit=100`);
    return page.data.every((d) => d.status !== "pending") && page;
  }, "every delivery to be recorded");
const envelopes = (path: string) => receiver.received.filter((r) => r.path === path).map((r) => ({ ...r, event: JSON.parse(r.body) as Envelope }));
const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  });
async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling a condition, not ordering by time
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  tenant = await createTestTenant("webhooks");
  server = await spawnApiServer({ env: serverEnv });
});
afterAll(async () => {
  await server?.kill("SIGTERM");
  await receiver?.close();
});

describe("webhooks", () => {
  it("sends each event type once per change, signed per Standard Webhooks, ids only", { timeout: 90_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", { url: receiver.url("/all"), description: "everything" });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.status).toBe("enabled");
    const listed = await call<{ data: Hook[] }>("GET", "/webhooks");
    expect(listed.data.find((h) => h.id === hook.id)).not.toHaveProperty("secret");

    const store = await call<{ id: string }>("POST", "/memory_stores", { name: `hooks ${Date.now()}` });
    const session = await call<{ id: string }>("POST", "/sessions", { agent_id: tenant.agent.id, title: "hook session" });
    const path = "/notes/webhook-private-path.md";
    const content = "contact alice.webhook@example.org for the plan\n";
    const memory = await call<{ id: string; memory_version_id: string; content_sha256: string }>(
      "POST",
      `/memory_stores/${store.id}/memories`,
      { path, content },
      tenant.adminKey,
    );
    await call("POST", `/memory_stores/${store.id}/memories/${memory.id}`, { content: "second line only\n" });
    const finding = await until(async () => (await call<{ data: { id: string }[] }>("GET", `/findings?store_id=${store.id}`)).data[0], "a finding");
    await call("POST", "/findings/dismiss", { finding_ids: [finding.id], reason: "test data" });
    await call("POST", `/memory_stores/${store.id}/memory_versions/${memory.memory_version_id}/redact`, { reason: "test" });
    await call("DELETE", `/memory_stores/${store.id}/memories/${memory.id}`);
    await call("POST", `/sessions/${session.id}/end`);
    await call("POST", `/memory_stores/${store.id}/archive`);
    await call("DELETE", `/memory_stores/${store.id}`);

    const expected: [string, string][] = [
      ["memory_store.created", store.id],
      ["session.started", session.id],
      ["memory.created", memory.id],
      ["memory.modified", memory.id],
      ["memory_version.redacted", memory.memory_version_id],
      ["finding.created", finding.id],
      ["finding.dismissed", finding.id],
      ["memory.deleted", memory.id],
      ["session.ended", session.id],
      ["memory_store.archived", store.id],
      ["memory_store.deleted", store.id],
    ];
    const key = (type: string, id: string) => `${type} ${id}`;
    const wanted = new Set(expected.map(([type, id]) => key(type, id)));
    await receiver.until(
      () => expected.every(([type, id]) => envelopes("/all").some((r) => key(r.event.data.type, r.event.data.id) === key(type, id))),
      60_000,
      "every event type",
    );
    // Quiet for a moment after the last one, then: each expected event exactly once, nothing else of these objects.
    await call("POST", `/webhooks/${hook.id}/test`);
    await receiver.until(() => envelopes("/all").some((r) => r.event.data.type === "webhook.test"), 30_000, "the test event");
    const got = envelopes("/all").filter((r) => r.event.data.type !== "webhook.test");
    const counts = new Map<string, number>();
    for (const r of got) counts.set(key(r.event.data.type, r.event.data.id), (counts.get(key(r.event.data.type, r.event.data.id)) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries([...wanted].map((k) => [k, 1])));

    for (const r of envelopes("/all")) {
      expect(verify(hook.secret, r)).toEqual(r.event);
      expect(r.headers["webhook-id"]).toBe(r.event.id);
      expect(r.event).toMatchObject({ type: "event", data: { workspace_id: tenant.workspace.id } });
      expect(r.body).not.toContain(path);
      expect(r.body).not.toContain("alice.webhook");
      expect(r.body).not.toContain("second line");
    }
    // Managed Agents' envelope, exactly, for the store events.
    const created = got.find((r) => r.event.data.type === "memory_store.created")!;
    expect(Object.keys(created.event).sort()).toEqual(["created_at", "data", "id", "type"]);
    expect(created.event.data).toEqual({ id: store.id, workspace_id: tenant.workspace.id, type: "memory_store.created" });
    // A forged or re-signed body fails verification.
    expect(() => verify(hook.secret, { ...created, body: created.body.replace(store.id, "memstore_forged") })).toThrow();
    expect(() => verify("whsec_" + Buffer.alloc(32, 1).toString("base64"), created)).toThrow();

    const deliveries = await settledDeliveries(hook.id);
    expect(deliveries.data.length).toBe(expected.length + 1);
    for (const d of deliveries.data) expect(d).toMatchObject({ status: "succeeded", attempts: 1, response_status_code: 200 });
    expect(deliveries.data.every((d) => typeof d.duration_ms === "number")).toBe(true);
  });

  it("restores and text redactions send the events of what they did", { timeout: 90_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", {
      url: receiver.url("/restore"),
      events: ["memory.created", "memory.modified", "memory.deleted", "memory_version.redacted"],
    });
    const store = await call<{ id: string }>("POST", "/memory_stores", { name: `restore ${Date.now()}` });
    const first = await call<{ id: string; memory_version_id: string }>("POST", `/memory_stores/${store.id}/memories`, {
      path: "/r.md",
      content: "alpha zebrasecret\n",
    });
    await call("POST", `/memory_stores/${store.id}/memories/${first.id}`, { content: "beta\n" });
    await call("POST", `/memory_stores/${store.id}/memories/${first.id}/restore`, { version_id: first.memory_version_id });
    await call("DELETE", `/memory_stores/${store.id}/memories/${first.id}`);
    await call("POST", `/memory_stores/${store.id}/memories/${first.id}/restore`, { version_id: first.memory_version_id });
    const redaction = await call<{ versions: { version_id: string }[]; clean_versions: { version_id: string }[] }>("POST", "/redaction/redact", {
      mode: "text",
      query: "zebrasecret",
      store_id: store.id,
      reason: "test",
    });
    const redactedIds = redaction.versions.map((v) => v.version_id).sort();
    expect(redactedIds.length).toBeGreaterThanOrEqual(3);
    // created, modified, modified (restore), deleted, created (restore of a deleted one), modified (the redaction's clean head), then one redacted per version.
    const memoryTypes = ["memory.created", "memory.modified", "memory.modified", "memory.deleted", "memory.created", "memory.modified"];
    const total = memoryTypes.length + redactedIds.length;
    await receiver.until(() => envelopes("/restore").length >= total, 30_000, "the restore and redaction events");
    await call("POST", `/webhooks/${hook.id}/test`);
    await receiver.until(() => envelopes("/restore").some((r) => r.event.data.type === "webhook.test"), 30_000, "the test event");
    const got = envelopes("/restore").filter((r) => r.event.data.type !== "webhook.test");
    // Deliveries go out concurrently, so they may arrive in any order; a receiver orders a memory's
    // events by their version ids (time-ordered).
    const memoryEvents = got.filter((r) => r.event.data.type.startsWith("memory."));
    memoryEvents.sort((a, b) => String(a.event.data.memory_version_id).localeCompare(String(b.event.data.memory_version_id)));
    expect(memoryEvents.map((r) => [r.event.data.type, r.event.data.id])).toEqual(memoryTypes.map((t) => [t, first.id]));
    const redacted = got.filter((r) => r.event.data.type === "memory_version.redacted");
    expect(redacted.map((r) => r.event.data.id).sort()).toEqual(redactedIds);
    for (const r of redacted) expect(r.event.data).toMatchObject({ memory_store_id: store.id, memory_id: first.id });
    for (const r of got) expect(r.body).not.toContain("zebrasecret");
  });

  it("proposals send proposal.created, then proposal.approved (with the memory.created it committed) or proposal.rejected", { timeout: 60_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", {
      url: receiver.url("/proposals"),
      events: ["proposal.created", "proposal.approved", "proposal.rejected", "memory.created"],
    });
    const store = await call<{ id: string }>("POST", "/memory_stores", { name: `proposals ${Date.now()}` });
    const proposer = await tenant.newAgent();
    await tenant.grant(store.id, proposer.agent.id, "propose");
    const proposed = async (path: string) => {
      const sent = await send(server.origin, {
        method: "POST",
        path: `/memory_stores/${store.id}/memories`,
        body: { path, content: "proposed\n" },
        headers: { "x-api-key": proposer.key },
      });
      expect(sent.status).toBe(202);
      return JSON.parse(sent.text) as { id: string };
    };
    const accepted = await proposed("/p/yes.md");
    const refused = await proposed("/p/no.md");
    await call("POST", `/proposals/${accepted.id}/approve`);
    await call("POST", `/proposals/${refused.id}/reject`, { reason: "not needed" });
    await receiver.until(() => envelopes("/proposals").length >= 5, 30_000, "the proposal events");
    await call("POST", `/webhooks/${hook.id}/test`);
    await receiver.until(() => envelopes("/proposals").some((r) => r.event.data.type === "webhook.test"), 30_000, "the test event");
    const got = envelopes("/proposals").filter((r) => r.event.data.type !== "webhook.test");
    const byType = (type: string) => got.filter((r) => r.event.data.type === type).map((r) => r.event.data.id);
    expect(byType("proposal.created").sort()).toEqual([accepted.id, refused.id].sort());
    expect(byType("proposal.approved")).toEqual([accepted.id]);
    expect(byType("proposal.rejected")).toEqual([refused.id]);
    expect(byType("memory.created")).toHaveLength(1);
    for (const r of got) expect(r.event.data).toMatchObject({ memory_store_id: store.id });
    for (const r of got) expect(r.body).not.toContain("/p/");
  });

  it("retries after a 500 with backoff until the receiver takes it; a rotated secret signs from then on", { timeout: 60_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", { url: receiver.url("/flaky"), events: ["memory_store.created"] });
    receiver.answer = ({ path, seen }) => (path === "/flaky" && seen < 2 ? 500 : 200);
    const rotated = await call<Hook>("POST", `/webhooks/${hook.id}/rotate_secret`);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    const test = await call<Delivery>("POST", `/webhooks/${hook.id}/test`);
    expect(test).toMatchObject({ event_type: "webhook.test", status: "pending", attempts: 0 });
    await receiver.until((all) => all.some((r) => r.path === "/flaky" && r.status === 200), 30_000, "the third attempt");
    const attempts = envelopes("/flaky");
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const r of attempts) expect(verify(rotated.secret, r)).toEqual(r.event);
    expect(() => verify(hook.secret, attempts[2])).toThrow();
    // Exponential: the second gap (base × 3) is longer than the first (base).
    expect(attempts[2].at - attempts[1].at).toBeGreaterThan(attempts[1].at - attempts[0].at);
    const deliveries = await until(async () => {
      const page = await call<{ data: Delivery[] }>("GET", `/webhooks/${hook.id}/deliveries`);
      return page.data[0]?.status === "succeeded" && page;
    }, "the delivery's record");
    expect(deliveries.data[0]).toMatchObject({ id: test.id, status: "succeeded", attempts: 3, response_status_code: 200 });
  });

  it("disables an endpoint whose deliveries keep failing, with the reason, and re-enables it on request", { timeout: 60_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", { url: receiver.url("/down"), events: ["memory_store.created"] });
    let down = true;
    receiver.answer = ({ path }) => (path === "/down" && down ? 503 : 200);
    const store = await call<{ id: string }>("POST", "/memory_stores", { name: `down ${Date.now()}` });
    const disabled = await until(async () => {
      const current = await call<Hook>("GET", `/webhooks/${hook.id}`);
      return current.status === "disabled" && current;
    }, "the endpoint to be disabled");
    expect(disabled.disabled_reason).toMatch(/4 failed attempts.*memory_store\.created.*HTTP 503/);
    expect(
      envelopes("/down")
        .filter((r) => r.event.data.id === store.id)
        .map((r) => r.status),
    ).toEqual([503, 503, 503, 503]);
    const failed = await call<{ data: Delivery[] }>("GET", `/webhooks/${hook.id}/deliveries?status=failed`);
    expect(failed.data).toMatchObject([{ status: "failed", attempts: 4, response_status_code: 503 }]);
    const audit = await call<{ data: { action: string; target_id: string | null }[] }>("GET", "/audit_events?action=webhook.disabled");
    expect(audit.data.some((e) => e.action === "webhook.disabled")).toBe(true);
    const families = await scrape();
    expect(Number(metric(families, "engram_webhook_failures_total"))).toBeGreaterThanOrEqual(4);
    expect(metric(families, "engram_webhook_queue_depth")).toBeDefined();
    if (process.env.ENGRAM_TEST_DB === "postgresql") {
      expect(Number(metric(families, "engram_db_pool_connections", { pool: "prisma", state: "total" }))).toBeGreaterThan(0);
      expect(metric(families, "engram_db_pool_connections", { pool: "write", state: "in_use" })).toBeDefined();
    }

    down = false;
    const enabled = await call<Hook>("PATCH", `/webhooks/${hook.id}`, { enabled: true });
    expect(enabled).toMatchObject({ status: "enabled", disabled_reason: null });
    await receiver.until((all) => all.some((r) => r.path === "/down" && r.status === 200), 30_000, "the retried delivery after re-enabling");
  });

  it("two instances on one database send each event once", { timeout: 90_000 }, async () => {
    const second = await spawnApiServer({ env: serverEnv });
    try {
      receiver.answer = () => 200;
      const hook = await call<Hook>("POST", "/webhooks", { url: receiver.url("/two"), events: ["memory_store.created"] });
      const origins = [server.origin, second.origin];
      const stores = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const sent = await send(origins[i % 2], {
            method: "POST",
            path: "/memory_stores",
            body: { name: `two ${Date.now()} ${i}` },
            headers: { "x-api-key": tenant.adminKey },
          });
          expect([200, 201], sent.text).toContain(sent.status);
          return (JSON.parse(sent.text) as { id: string }).id;
        }),
      );
      await receiver.until(() => stores.every((id) => envelopes("/two").some((r) => r.event.data.id === id)), 60_000, "every store's event");
      await call("POST", `/webhooks/${hook.id}/test`);
      await receiver.until(() => envelopes("/two").some((r) => r.event.data.type === "webhook.test"), 30_000, "the test event");
      const ids = envelopes("/two").map((r) => r.event.data.id);
      expect(ids.length).toBe(stores.length + 1);
      expect(new Set(ids).size).toBe(ids.length);
      const deliveries = await settledDeliveries(hook.id);
      expect(deliveries.data.length).toBe(stores.length + 1);
      expect(deliveries.data.every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
    } finally {
      await second.kill("SIGTERM");
    }
  });

  it("a delivery pending when the server is SIGKILLed arrives after the restart", { timeout: 90_000 }, async () => {
    const hook = await call<Hook>("POST", "/webhooks", { url: receiver.url("/after-crash"), events: ["memory_store.created"] });
    let up = false;
    receiver.answer = ({ path }) => (path === "/after-crash" && !up ? 500 : 200);
    const store = await call<{ id: string }>("POST", "/memory_stores", { name: `crash ${Date.now()}` });
    await receiver.until((all) => all.some((r) => r.path === "/after-crash"), 30_000, "a first, failing attempt");
    await server.kill("SIGKILL");
    up = true;
    const before = envelopes("/after-crash").length;
    server = await spawnApiServer({ env: serverEnv });
    await receiver.until(
      (all) => all.some((r) => r.path === "/after-crash" && r.status === 200 && (JSON.parse(r.body) as Envelope).data.id === store.id),
      30_000,
      "the delivery after the restart",
    );
    expect(envelopes("/after-crash").length).toBeGreaterThan(before);
    const delivered = envelopes("/after-crash").find((r) => r.status === 200)!;
    expect(verify(hook.secret, delivered)).toEqual(delivered.event);
  });
});

describe("private targets", () => {
  let api: RunningApi;
  beforeAll(async () => {
    delete process.env.ENGRAM_WEBHOOK_ALLOW_PRIVATE;
    api = await startApiServer();
  });
  afterAll(() => api?.close());

  it("are refused for every address a name resolves to, unless ENGRAM_WEBHOOK_ALLOW_PRIVATE=1", async () => {
    const create = (url: string) => send(api.origin, { method: "POST", path: "/webhooks", body: { url }, headers: { "x-api-key": tenant.adminKey } });
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://localhost:9/hook",
      "http://10.1.2.3/hook",
      "http://172.16.0.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      "http://[fe80::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://2130706433/hook",
      "http://0.0.0.0/",
    ]) {
      const refused = await create(url);
      expect({ url, status: refused.status }).toEqual({ url, status: 400 });
      expect(JSON.parse(refused.text)).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    }
    expect((await create("ftp://example.org/")).status).toBe(400);
    expect((await create("https://user:pw@93.184.215.14/")).status).toBe(400);
    expect((await create("https://93.184.215.14/engram-test")).status).toBe(201);
    for (const address of ["127.0.0.1", "10.0.0.1", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "224.0.0.1"]) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: true });
    }
    for (const address of ["93.184.215.14", "1.1.1.1", "2606:4700::1111"])
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: false });
  });
});
