import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditEvents, csvField, CSV_COLUMNS } from "@/server/audit/export-audit-events";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { parseCsv } from "../parse-csv";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;

async function get(key: string, path: string) {
  const res = await fetch(`${api.origin}/api/v1${path}`, { headers: { "x-api-key": key } });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

async function listAll(key: string, query = "") {
  const out: { id: string; seq: number }[] = [];
  let page: string | null = null;
  do {
    const res = await get(key, `/audit_events?limit=100${query}${page ? `&page=${page}` : ""}`);
    const body = JSON.parse(res.text);
    out.push(...body.data);
    page = body.next_page;
  } while (page);
  return out.reverse();
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("audit-export");
  const client = api.sdk(tenant.adminKey);
  const store = await client.beta.memoryStores.create({ name: 'quotes "and", commas', description: "d" });
  storeId = store.id;
  for (let i = 0; i < 5; i++) await client.beta.memoryStores.memories.create(storeId, { path: `/m${i}.md`, content: `c${i}` });
});
afterAll(() => api.close());

describe("audit export", () => {
  it("escapes CSV fields", () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("x\ny")).toBe('"x\ny"');
    expect(csvField(null)).toBe("");
    expect(csvField(" lead")).toBe('" lead"');
    expect(csvField("plain")).toBe("plain");
  });

  it("exports NDJSON that matches the list endpoint and records the export", async () => {
    const listed = await listAll(tenant.adminKey);
    const res = await get(tenant.adminKey, "/audit_events/export?format=ndjson");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/x-ndjson");
    const lines = res.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    const last = lines.pop();
    expect(last.action).toBe("audit.exported");
    expect(last.data).toMatchObject({ format: "ndjson" });
    expect(lines).toEqual(listed);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it("exports CSV that parses back to the list's events, with filters", async () => {
    const listed = (await listAll(tenant.adminKey, `&store_id=${storeId}`)) as unknown as Record<string, unknown>[];
    const res = await get(tenant.adminKey, `/audit_events/export?format=csv&store_id=${storeId}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/csv");
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(listed.length);
    expect(rows.length).toBe(6);
    rows.forEach((row, i) => {
      const e = listed[i] as {
        id: string;
        seq: number;
        action: string;
        actor: { id: string };
        hash: string;
        prev_hash: string;
        data: unknown;
        created_at: string;
      };
      const cell = Object.fromEntries(header.map((h, j) => [h, row[j]]));
      expect(cell).toMatchObject({
        id: e.id,
        seq: String(e.seq),
        action: e.action,
        actor_id: e.actor.id,
        hash: e.hash,
        prev_hash: e.prev_hash,
        created_at: e.created_at,
      });
      expect(JSON.parse(cell.data)).toEqual(e.data);
    });
    expect(JSON.parse(rows[0][header.indexOf("data")]).name).toBe('quotes "and", commas');

    const created = await get(tenant.adminKey, "/audit_events/export?format=ndjson&action=memory.created");
    expect(created.text.trimEnd().split("\n")).toHaveLength(5);
    const future = await get(tenant.adminKey, `/audit_events/export?format=csv&created_at[gte]=${encodeURIComponent("2100-01-01T00:00:00Z")}`);
    expect(parseCsv(future.text)).toHaveLength(1);
  });

  it("refuses agent keys, viewers and bad input; never shows another workspace", async () => {
    expect((await get(tenant.agentKey, "/audit_events/export?format=csv")).status).toBe(403);
    const { ctx } = await tenant.user("viewer");
    await expect(exportAuditEvents(ctx, "csv", {})).rejects.toMatchObject({ status: 403 });
    const { ctx: compliance } = await tenant.user("compliance");
    expect((await exportAuditEvents(compliance, "csv", {})).contentType).toContain("csv");
    const bad = await get(tenant.adminKey, "/audit_events/export?format=xml");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.type).toBe("invalid_request_error");
    const other = await createTestTenant("audit-export-other");
    const res = await get(other.adminKey, `/audit_events/export?format=ndjson`);
    expect(res.text).not.toContain(storeId);
    const otherIds = new Set((await listAll(other.adminKey)).map((e) => e.id));
    const exported = res.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(exported.slice(0, -1).every((e) => otherIds.has(e.id))).toBe(true);
  });
});
