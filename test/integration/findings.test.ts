// Detectors on write: every planted secret, written through the SDK, the memory tool or an update,
// becomes exactly one finding (never the secret itself) once the background scanner has passed;
// findings list, redact (the whole secret from every response and the files) and dismiss.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedSamples } from "@/lib/detectors/samples";
import { getDb } from "@/server/db/client";
import { newId } from "@/lib/ids";
import { drainFindingScanner, startFindingScanner } from "@/server/findings/finding-scanner";
import { LATE_COMMIT_WINDOW_MS, scanPass } from "@/server/findings/scan-pass";
import { listFindings } from "@/server/findings/list-findings";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { enablePageInspect, leaksAfterScrub } from "./helpers/db-leaks";
import { everyResponse, responsesWith } from "./helpers/every-response";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { memoryTool } from "./memory-tool-helpers";
import type { WireFinding } from "@/server/api/routes/findings";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;

const call = (key: string, method: string, path: string, body?: unknown) => rest(api.origin, key, method, path, body);

type FindingJson = WireFinding;
async function allFindings(query: string): Promise<FindingJson[]> {
  const out: FindingJson[] = [];
  for (let page: string | null = null; ;) {
    const res = await call(tenant.adminKey, "GET", `/findings?${query}&limit=100${page ? `&page=${page}` : ""}`);
    expect(res.status).toBe(200);
    out.push(...res.body.data);
    page = res.body.next_page;
    if (!page) return out;
  }
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("findings");
  await enablePageInspect();
  await drainFindingScanner();
});
afterAll(() => api.close());

describe("findings", () => {
  it("one finding per planted secret, for every detector kind, never holding the secret", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-kinds" });
    const samples = plantedSamples("kinds");
    for (const [i, s] of samples.entries())
      await client.beta.memoryStores.memories.create(store.id, { path: `/k${i}.md`, content: `# note ${i}\n${s.text}\n` });
    await drainFindingScanner();
    const found = await allFindings(`store_id=${store.id}`);
    expect(found.map((f) => f.rule).sort()).toEqual(samples.map((s) => s.rule).sort());
    for (const f of found) expect(f.status).toBe("open");
    expect(found.find((f) => f.rule === "email")).toMatchObject({ line: 2, column: 9 });
    const listing = JSON.stringify(await call(tenant.adminKey, "GET", `/findings?store_id=${store.id}&limit=100`));
    for (const s of samples) expect(listing, s.rule).not.toContain(s.secret.slice(6, 20));
    // Newest first, cursor pages.
    const first = await call(tenant.adminKey, "GET", `/findings?store_id=${store.id}&limit=5`);
    expect(first.body.data.map((f: FindingJson) => f.id)).toEqual(found.slice(0, 5).map((f) => f.id));
    expect((await allFindings(`store_id=${store.id}&rule=email`)).map((f) => f.rule)).toEqual(["email"]);
    // An audit event per finding, without the secret.
    const audit = await call(tenant.adminKey, "GET", `/audit_events?store_id=${store.id}&action=finding.created&limit=100`);
    expect(audit.body.data).toHaveLength(samples.length);
    for (const s of samples) expect(audit.text).not.toContain(s.secret.slice(6, 20));
  });

  it("scans every write path once: updates and the memory tool, and a rescan adds nothing", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-paths" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const [a, b] = plantedSamples("paths");
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "clean" });
    await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: `now ${a.text}` });
    await memoryTool(api.origin, tenant.agentKey, store.id, { command: "create", path: "/memories/tool.md", file_text: b.text });
    await drainFindingScanner();
    expect((await allFindings(`store_id=${store.id}`)).map((f) => f.rule).sort()).toEqual([a.rule, b.rule].sort());
    // The sweep of the late-commit window rescans nothing already scanned.
    await drainFindingScanner(Date.now() + LATE_COMMIT_WINDOW_MS * 2);
    expect(await allFindings(`store_id=${store.id}`)).toHaveLength(2);
  });

  it("a version that commits after the scanner passed its id is found by the sweep", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-late" });
    const [s] = plantedSamples("late");
    await drainFindingScanner();
    const { db } = await getDb();
    // A version with an id from before the head cursor, as a long transaction would commit it.
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/late.md", content: "x" });
    await drainFindingScanner();
    const row = await db.memoryVersion.findFirstOrThrow({ where: { memoryId: m.id } });
    const lateId = `${row.id.slice(0, -4)}0000`;
    expect(lateId < (await db.scanState.findUniqueOrThrow({ where: { name: "versions" } })).head).toBe(true);
    await db.memoryVersion.create({ data: { ...row, id: lateId, content: s.text, operation: "modified" } });
    expect((await scanPass()).found).toBe(0);
    expect(await allFindings(`store_id=${store.id}`)).toHaveLength(0);
    await drainFindingScanner(Date.now() + LATE_COMMIT_WINDOW_MS + 1_000);
    expect((await allFindings(`store_id=${store.id}`)).map((f) => f.rule)).toEqual([s.rule]);
  });

  it("a new version's finding does not wait for the scanner to get through a history backlog", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-backlog" });
    const [s] = plantedSamples("backlog");
    await drainFindingScanner();
    const { db } = await getDb();
    // A backlog the history cursor has not reached: 10,000 versions of harmless text.
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/backlog.md", content: "x" });
    const row = await db.memoryVersion.findFirstOrThrow({ where: { memoryId: m.id } });
    const filler = "plain notes about the weather and nothing secret at all\n".repeat(64);
    for (let i = 0; i < 10; i++)
      await db.memoryVersion.createMany({
        data: Array.from({ length: 1_000 }, () => ({ ...row, id: newId("version"), content: filler, operation: "modified" as const })),
      });
    const stop = startFindingScanner();
    try {
      const written = await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: s.text });
      const deadline = Date.now() + 60_000;
      let found: FindingJson[] = [];
      while (found.length === 0 && Date.now() < deadline) {
        found = await allFindings(`store_id=${store.id}`);
        if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const head = (await db.scanState.findUniqueOrThrow({ where: { name: "versions" } })).head;
      expect(found.map((f) => [f.rule, f.memory_version_id])).toEqual([[s.rule, written.memory_version_id]]);
      // Found ahead of the history cursor: the scanner looked at the new version first.
      expect(head < written.memory_version_id!).toBe(true);
    } finally {
      await stop();
      await db.memoryVersion.deleteMany({ where: { memoryId: m.id, content: filler } });
    }
    await drainFindingScanner();
    expect(await allFindings(`store_id=${store.id}`)).toHaveLength(1);
  });

  it("redacting a finding removes the whole secret everywhere; the history row says who and why", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-redact" });
    const secret = plantedSamples("redact").find((s) => s.rule === "stripe-key")!.secret;
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/billing.md", content: `stripe ${secret}\n` });
    await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: `stripe ${secret}\nmore` });
    await drainFindingScanner();
    const found = await allFindings(`store_id=${store.id}&status=open`);
    expect(found).toHaveLength(2);
    const { ctx: compliance } = await tenant.user("compliance");
    expect((await listFindings(compliance, { storeId: store.id, limit: 10 })).data).toHaveLength(2);
    const dry = await call(tenant.adminKey, "POST", "/findings/redact", { finding_ids: [found[0].id], reason: "leaked", dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.text).not.toContain(secret.slice(8));
    expect(dry.body.versions[0].lines[0].after).toBe("stripe [REDACTED]");
    const res = await call(tenant.adminKey, "POST", "/findings/redact", { finding_ids: [found[0].id], reason: "leaked key" });
    expect(res.status).toBe(200);
    // The same secret in the other version is redacted with it.
    const after = await allFindings(`store_id=${store.id}`);
    expect(after.filter((f) => f.status === "redacted")).toHaveLength(2);
    expect(after[0].redaction_id).toBe(res.body.id);
    const responses = await everyResponse(api.origin, tenant.adminKey, store.id);
    expect(responsesWith(responses, secret.slice(8))).toEqual([]);
    expect(await leaksAfterScrub(secret.slice(8))).toEqual([]);
    expect((await call(tenant.adminKey, "POST", "/audit_events/verify", {})).body.ok).toBe(true);
  });

  it("dismisses with a reason; viewers, developers and agents may not see or act", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-dismiss" });
    const s = plantedSamples("dismiss").find((x) => x.rule === "email")!;
    await client.beta.memoryStores.memories.create(store.id, { path: "/contact.md", content: s.text });
    await drainFindingScanner();
    const [f] = await allFindings(`store_id=${store.id}`);
    expect((await call(tenant.agentKey, "GET", `/findings`)).status).toBe(403);
    for (const role of ["viewer", "developer"] as const) {
      const { ctx } = await tenant.user(role);
      await expect(listFindings(ctx, { limit: 10 })).rejects.toMatchObject({ status: 403 });
    }
    expect((await call(tenant.adminKey, "POST", "/findings/dismiss", { finding_ids: [f.id] })).status).toBe(400);
    const res = await call(tenant.adminKey, "POST", "/findings/dismiss", { finding_ids: [f.id], reason: "company support address" });
    expect(res.status).toBe(200);
    expect((await allFindings(`store_id=${store.id}&status=dismissed`)).map((x) => x.id)).toEqual([f.id]);
    const status = await call(tenant.adminKey, "GET", "/findings/scan_status");
    expect(status.body).toMatchObject({ caught_up: true });
    const other = await createTestTenant("findings-other");
    expect((await call(other.adminKey, "GET", `/findings?store_id=${store.id}`)).status).toBe(404);
    expect((await call(other.adminKey, "GET", `/findings`)).body.data).toEqual([]);
  });
});

describe("history shows who redacted a version, when and why", () => {
  it("text redaction: the versions list and retrieve carry the redaction", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "findings-history" });
    const secret = plantedSamples("history").find((s) => s.rule === "github")!.secret;
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/h.md", content: `t ${secret}` });
    await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: "clean" });
    const { user, ctx } = await tenant.user("compliance");
    const { redactText } = await import("@/server/redaction/redact-text");
    const redaction = await redactText(ctx, { query: secret.slice(0, 10), storeId: store.id, reason: "rotated github token", dryRun: false });
    const versions = await call(tenant.adminKey, "GET", `/memory_stores/${store.id}/memory_versions?memory_id=${m.id}`);
    const first = versions.body.data.at(-1);
    expect(first.engram.redaction).toEqual({
      redaction_id: (redaction as { id: string }).id,
      mode: "text",
      reason: "rotated github token",
      redacted_at: expect.any(String),
      redacted_by: { type: "user_actor", user_id: user.id },
    });
    expect(versions.body.data[0].engram.redaction).toBeNull();
    const one = await call(tenant.adminKey, "GET", `/memory_stores/${store.id}/memory_versions/${first.id}`);
    expect(one.body.engram.redaction.reason).toBe("rotated github token");
  });
});
