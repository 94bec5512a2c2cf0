// A redaction's certificate: signed with the checkpoint key, naming what (keyed digest, versions),
// who, why, when and the audit event; `npm run cli -- redaction verify FILE` checks it offline and
// refuses an altered one.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedSamples } from "@/lib/detectors/samples";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { cli } from "./helpers/cli";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("certificate");
});
afterAll(() => api.close());

describe("redaction certificate", () => {
  it("is signed, names the audit event, verifies offline, and an altered one fails", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "certificate" });
    const secret = plantedSamples("cert").find((s) => s.rule === "aws")!.secret;
    await client.beta.memoryStores.memories.create(store.id, { path: "/c.md", content: `k ${secret}` });
    const call = (method: string, route: string, body?: unknown) => rest(api.origin, tenant.adminKey, method, route, body);
    const redaction = (await call("POST", "/redaction/redact", { mode: "text", query: secret.slice(0, 8), store_id: store.id, reason: "leaked aws key" })).body;
    const res = await call("GET", `/redactions/${redaction.id}/certificate`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    expect(res.text).not.toContain(secret);
    const cert = res.body;
    expect(cert.statement).toMatchObject({ redaction_id: redaction.id, mode: "text", reason: "leaked aws key", version_count: 1, digest: redaction.digest });
    const audit = (await call("GET", "/audit_events?action=redaction.text&limit=1")).body;
    expect(cert.statement.audit_seq).toBe(audit.data[0].seq);

    const dir = mkdtempSync(path.join(tmpdir(), "cert-"));
    writeFileSync(path.join(dir, "good.json"), res.text);
    const good = await cli(["redaction", "verify", path.join(dir, "good.json")]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`OK: redaction ${redaction.id}`);
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ ...cert, statement: { ...cert.statement, reason: "something else" } }));
    const bad = await cli(["redaction", "verify", path.join(dir, "bad.json")]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("INVALID");
    expect((await call("GET", "/redactions/redact_nope/certificate")).status).toBe(404);
  });
});
