// Model-based concurrency: many clients (admin key, read-write agent key, a developer's console
// session) hammer a handful of memories at once with create, update with and without a
// precondition, rename, delete, restore and redaction. Afterwards the database is replayed, in
// audit order, against a sequential model: every acknowledged write is a version, every version
// was acknowledged, no precondition was checked against a stale head (no lost update), heads
// are the newest versions, and the audit chain verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/mulberry32";
import { sealWorkspace } from "@/server/audit/seal-audit-events";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, send } from "./helpers/matrix";
import { buildPrincipals, type Principals, type PrincipalName } from "./helpers/principals";
import { testSeed } from "./helpers/seed";

const CLIENTS = Number(process.env.MODEL_CLIENTS ?? 8);
const OPS = Number(process.env.MODEL_OPS ?? 30);
const ROUNDS = Number(process.env.MODEL_ROUNDS ?? 3);
const SEED = testSeed(import.meta.filename);
const PATHS = ["/a.md", "/b.md", "/c.md", "/dir/d.md"];

// `mayBeNoop`: a request that can ask for what the memory already is (a pure rename, a restore);
// the server then answers 200 with the current head whatever the precondition said.
type Ack = { versionId: string; memoryId: string; sha: string | null; op: string; precondition: string | null; mayBeNoop: boolean };
type Known = { memoryId: string; sha: string; versions: string[] };

let api: RunningApi;
let tenant: TestTenant;
let principals: Principals;
const totals = { ops: 0, acks: 0, conflicts: 0, versions: 0, noopFirst: 0 };

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("model-concurrency");
  principals = await buildPrincipals(tenant, api.origin);
});
afterAll(async () => {
  console.log(
    `[model-concurrency ${process.env.ENGRAM_TEST_DB ?? "sqlite"}] seed ${SEED} (SEED=${SEED} to replay): ${ROUNDS} rounds × ${CLIENTS} clients × ${OPS} ops: ${totals.ops} requests, ${totals.acks} acknowledged writes, ${totals.conflicts} 409s, ${totals.versions} versions checked, ${totals.noopFirst} no-op answers that arrived before their maker's`,
  );
  await api?.close();
});

async function client(storeId: string, who: PrincipalName, seed: number, acks: Ack[], known: Map<string, Known>) {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const call = async (method: string, path: string, body?: unknown) => {
    totals.ops++;
    const sent = await send(api.origin, { method, path: `/memory_stores/${storeId}${path}`, headers: principals.callers[who].headers(method), body });
    expect(sent.status, `${who} ${method} ${path} → ${sent.text.slice(0, 200)}`).toBeLessThan(500);
    if (sent.status === 409) totals.conflicts++;
    return {
      status: sent.status,
      text: `${who} ${method} ${path} ${JSON.stringify(body ?? null).slice(0, 120)} → ${sent.text.slice(0, 200)}`,
      json: sent.status < 300 && sent.text ? (JSON.parse(sent.text) as Record<string, string>) : {},
    };
  };
  const remember = (m: Record<string, string>, op: string, precondition: string | null, mayBeNoop = false) => {
    acks.push({ versionId: m.memory_version_id, memoryId: m.id, sha: m.content_sha256, op, precondition, mayBeNoop });
    const entry = known.get(m.id) ?? { memoryId: m.id, sha: m.content_sha256, versions: [] };
    entry.sha = m.content_sha256;
    entry.versions.push(m.memory_version_id);
    known.set(m.id, entry);
  };
  for (let i = 0; i < OPS; i++) {
    const target = pick([...known.values()]);
    const roll = random();
    const content = `${who} op ${i} ${roll.toFixed(6)}\n`.repeat(1 + Math.floor(random() * 3));
    if (!target || roll < 0.15) {
      const r = await call("POST", "/memories", { path: pick(PATHS), content });
      if (r.status === 200) remember(r.json, "created", null);
      else expect([409], r.text).toContain(r.status);
    } else if (roll < 0.55) {
      // Read before sending: `known` is shared, and other clients' answers move its shas meanwhile.
      const precondition = random() < 0.6 ? target.sha : null;
      const rename = random() < 0.2 ? pick(PATHS) : undefined;
      // Half the renames move the file without touching its content (a pure rename).
      const body = {
        ...(rename && random() < 0.5 ? {} : { content }),
        ...(rename ? { path: rename } : {}),
        ...(precondition ? { precondition: { type: "content_sha256", content_sha256: precondition } } : {}),
      };
      const r = await call("POST", `/memories/${target.memoryId}`, body);
      if (r.status === 200) remember(r.json, rename ? "renamed" : "modified", precondition, !("content" in body));
      else expect([404, 409], r.text).toContain(r.status);
    } else if (roll < 0.63) {
      // A burst: the same precondition sent four times at once; at most one may win.
      const sha = target.sha;
      const results = await Promise.all(
        [0, 1, 2, 3].map((b) =>
          call("POST", `/memories/${target.memoryId}`, { content: `${content}burst ${b}\n`, precondition: { type: "content_sha256", content_sha256: sha } }),
        ),
      );
      for (const r of results) {
        if (r.status === 200) remember(r.json, "modified", sha);
        else expect([404, 409], r.text).toContain(r.status);
      }
      // At most one may win, unless another client brought the head back to `sha` in between
      // (a restore of that content): then the next burst write rightly holds too.
      const won = results.filter((r) => r.status === 200).map((r) => r.json.memory_version_id);
      if (won.length > 1) {
        const { db } = await getDb();
        const history = await db.memoryVersion.findMany({
          where: { memoryId: target.memoryId },
          orderBy: { id: "asc" },
          select: { id: true, contentSha256: true },
        });
        const at = (id: string) => history.findIndex((v) => v.id === id);
        const order = won.map(at).sort((a, b) => a - b);
        for (let w = 1; w < order.length; w++) {
          const between = history.slice(order[w - 1] + 1, order[w]);
          expect(
            between.some((v) => v.contentSha256 === sha),
            `two writes accepted against precondition ${sha} with no head of that content between them`,
          ).toBe(true);
        }
      }
    } else if (roll < 0.7) {
      const precondition = target.sha;
      const r = await call("DELETE", `/memories/${target.memoryId}?expected_content_sha256=${precondition}`);
      if (r.status === 200) acks.push({ versionId: "", memoryId: target.memoryId, sha: null, op: "deleted", precondition, mayBeNoop: false });
      else expect([404, 409], r.text).toContain(r.status);
    } else if (roll < 0.87) {
      const version = pick(target.versions);
      const r = await call("POST", `/memories/${target.memoryId}/restore`, { version_id: version });
      if (r.status === 200) remember(r.json, "restored", null, true);
      // 400: another client redacted that version meanwhile; its content cannot be restored.
      else expect([400, 404, 409], r.text).toContain(r.status);
    } else if (who === "user_admin" || who === "admin_key") {
      // Redact a version this client saw superseded (never a head it knows of).
      const old = target.versions.slice(0, -1);
      if (old.length === 0) continue;
      const r = await call("POST", `/memory_versions/${pick(old)}/redact`);
      // 400: acknowledgements arrive out of commit order, so that version may be the head after all.
      if (r.status === 400) expect(r.text).toMatch(/is the current version/);
      else expect([200, 409], r.text).toContain(r.status);
    } else {
      await call("GET", `/memories/${target.memoryId}`);
    }
  }
}

async function checkAgainstModel(storeId: string, acks: Ack[]) {
  const { db } = await getDb();
  const workspaceId = tenant.workspace.id;
  // A write is acknowledged at commit, before its event is sealed (PostgreSQL): seal first, or the
  // newest events still carry their negative placeholder seq and sort before everything else.
  await sealWorkspace(workspaceId);
  const versions = await db.memoryVersion.findMany({ where: { storeId } });
  const memories = await db.memory.findMany({ where: { storeId } });
  const events = await db.auditEvent.findMany({ where: { workspaceId, storeId, targetType: "memory" }, orderBy: { seq: "asc" } });
  const seqOf = new Map(events.map((e) => [(JSON.parse(e.data) as { memory_version_id?: string }).memory_version_id, e.seq]));
  const byId = new Map(versions.map((v) => [v.id, v]));
  totals.versions += versions.length;

  // Every acknowledged write is a version with the acknowledged hash (or was redacted since).
  const acked = acks.filter((a) => a.versionId);
  for (const ack of acked) {
    const v = byId.get(ack.versionId);
    expect(v, `acknowledged ${ack.op} ${ack.versionId}`).toBeDefined();
    if (!v!.redactedAt) expect(v!.contentSha256).toBe(ack.sha);
  }
  // Every version was acknowledged to some client: non-delete versions one to one, deletions by count.
  // (A write that changes nothing, e.g. restoring the content the head already has, answers with the existing head.)
  expect(
    versions
      .filter((v) => v.operation !== "deleted")
      .map((v) => v.id)
      .sort(),
  ).toEqual([...new Set(acked.map((a) => a.versionId))].sort());
  expect(versions.filter((v) => v.operation === "deleted").length).toBe(acks.filter((a) => a.op === "deleted").length);
  // Every version has exactly one audit event.
  for (const v of versions) expect(seqOf.get(v.id), `audit event of ${v.id}`).toBeDefined();

  // Replay in commit (audit) order against the sequential model.
  const acksOf = new Map<string, Ack[]>();
  for (const a of acked) acksOf.set(a.versionId, [...(acksOf.get(a.versionId) ?? []), a]);
  const ordered = [...versions].sort((x, y) => seqOf.get(x.id)! - seqOf.get(y.id)!);
  const chainOf = (memoryId: string) =>
    ordered
      .filter((x) => x.memoryId === memoryId)
      .map((x) => {
        const said = (acksOf.get(x.id) ?? []).map((a) => `${a.op}${a.precondition ? ` if ${a.precondition.slice(0, 8)}` : ""}`).join(", ");
        return `  seq ${seqOf.get(x.id)} ${x.id} ${x.operation}/${x.cause} ${(x.contentSha256 ?? "-").slice(0, 8)}${x.redactedAt ? " (redacted)" : ""} ← ${said || "no ack"}`;
      })
      .join("\n") +
    "\n  all acks of the memory: " +
    acks
      .filter((a) => a.memoryId === memoryId)
      .map((a) => `${a.op}${a.precondition ? ` if ${a.precondition.slice(0, 8)}` : ""} → ${a.versionId.slice(-6)} ${(a.sha ?? "-").slice(0, 8)}`)
      .join(", ");
  const model = new Map<string, { sha: string | null; live: boolean; path: string | null; head: string }>();
  const livePaths = new Map<string, string>();
  for (const v of ordered) {
    const before = model.get(v.memoryId);
    const acksOfV = acksOf.get(v.id) ?? [];
    const ack = acksOfV[0];
    // A precondition held against the true predecessor: nobody's acknowledged write was skipped.
    // Which acknowledgement made the version: the one request that changed content, when there is
    // one; a no-op's answer (the head, whatever its precondition) can arrive before the maker's.
    const maker = acksOfV.find((a) => !a.mayBeNoop);
    const judged = maker ? [maker] : acksOfV;
    if (maker && maker !== ack) totals.noopFirst++;
    if (judged.length > 0 && judged.every((a) => a.precondition)) {
      const said = judged.map((a) => `${a.op}${a.mayBeNoop ? " (may be a no-op)" : ""} with precondition ${a.precondition}`).join("; ");
      expect(
        judged.map((a) => a.precondition),
        `precondition of ${v.id} checked against the head of its time (${before?.sha}); acknowledged as: ${said}; the memory's versions in audit order:\n${chainOf(v.memoryId)}`,
      ).toContain(before?.sha);
    }
    if (v.operation === "created") expect(before === undefined || !before.live, `create of ${v.id} over a live memory`).toBe(true);
    if (before?.live && before.path) livePaths.delete(before.path);
    const live = v.operation !== "deleted";
    const path = live ? (v.path ?? null) : null;
    if (live && path && !v.redactedAt) {
      const holder = livePaths.get(path);
      expect(holder === undefined || holder === v.memoryId, `two live memories at ${path}`).toBe(true);
      livePaths.set(path, v.memoryId);
    }
    model.set(v.memoryId, { sha: live ? (ack?.sha ?? v.contentSha256) : null, live, path, head: v.id });
  }
  // Heads are the newest versions.
  for (const m of memories) {
    const expected = model.get(m.id)!;
    expect(m.headVersionId, `head of ${m.id}`).toBe(expected.head);
    expect(m.deletedAt === null, `live flag of ${m.id}`).toBe(expected.live);
    if (expected.live) expect(m.contentSha256).toBe(expected.sha);
  }
  expect(await verifyAuditChain(workspaceId)).toMatchObject({ ok: true });
}

describe("model-based concurrency", () => {
  it("random interleavings from many clients match a sequential model", { timeout: 600_000 }, async () => {
    const who: PrincipalName[] = ["admin_key", "agent_read_write", "user_developer", "user_admin"];
    for (let round = 1; round <= ROUNDS; round++) {
      const storeId = (await adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: `model ${round}` })).id;
      await principals.grantAgents(storeId);
      const acks: Ack[] = [];
      const known = new Map<string, Known>();
      const seed = SEED + round;
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(storeId, who[c % who.length], seed * 31 + c, acks, known)));
      totals.acks += acks.length;
      await checkAgainstModel(storeId, acks);
    }
  });
});
