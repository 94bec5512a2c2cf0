// A redaction's certificate: signed with the checkpoint key, naming what (keyed digest, versions),
// who, why, when and the audit event; `npm run cli -- redaction verify FILE` checks it offline and
// refuses an altered one.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedSamples } from "@/lib/detectors/samples";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("certificate");
});
afterAll(() => api.close());

function cli(file: string): { code: number; out: string } {
  try {
    const out = execFileSync("npx", ["tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/cli.ts", "redaction", "verify", file], { encoding: "utf8" });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe("redaction certificate", () => {
  it("is signed, names the audit event, verifies offline, and an altered one fails", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "certificate" });
    const secret = plantedSamples("cert").find((s) => s.rule === "aws")!.secret;
    await client.beta.memoryStores.memories.create(store.id, { path: "/c.md", content: `k ${secret}` });
    const headers = { "x-api-key": tenant.adminKey, "content-type": "application/json" };
    const redaction = await (
      await fetch(`${api.origin}/api/v1/redaction/redact`, {
        method: "POST",
        headers,
        body: JSON.stringify({ mode: "text", query: secret.slice(0, 8), store_id: store.id, reason: "leaked aws key" }),
      })
    ).json();
    const res = await fetch(`${api.origin}/api/v1/redactions/${redaction.id}/certificate`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = await res.text();
    expect(text).not.toContain(secret);
    const cert = JSON.parse(text);
    expect(cert.statement).toMatchObject({ redaction_id: redaction.id, mode: "text", reason: "leaked aws key", version_count: 1, digest: redaction.digest });
    const audit = await (await fetch(`${api.origin}/api/v1/audit_events?action=redaction.text&limit=1`, { headers })).json();
    expect(cert.statement.audit_seq).toBe(audit.data[0].seq);

    const dir = mkdtempSync(path.join(tmpdir(), "cert-"));
    writeFileSync(path.join(dir, "good.json"), text);
    const good = cli(path.join(dir, "good.json"));
    expect(good.code).toBe(0);
    expect(good.out).toContain(`OK: redaction ${redaction.id}`);
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ ...cert, statement: { ...cert.statement, reason: "something else" } }));
    const bad = cli(path.join(dir, "bad.json"));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("INVALID");
    expect((await fetch(`${api.origin}/api/v1/redactions/redact_nope/certificate`, { headers })).status).toBe(404);
  });
});
