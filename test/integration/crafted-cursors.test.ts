// Crafted cursors are refused with 400 on every paginated route, and no log line carries a request's
// search text or an error's query (issue 13, finding 6).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "@hono/zod-openapi";
import { newId } from "@/lib/ids";
import { createApiApp } from "@/server/api/app";
import { defineRoute } from "@/server/api/define-route";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { expectErrorResponse } from "./helpers/api-errors";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;
let sessionId: string;
const SEARCH_SECRET = `sk-cursor-${newId("request").slice(8)}`;
let logged: string[] = [];

const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const CURSORS = [
  crafted({ id: { not: "" } }),
  crafted({ id: { in: ["x"] }, seq: { gt: 0 }, v: { not: "" }, r: { not: "" }, after: { not: "" }, inclusive: { not: 0 } }),
  crafted({ id: 5, seq: "1", v: 1, r: [], after: null, inclusive: "1" }),
  crafted(["id"]),
  crafted({ id: "a\u0000b", v: "a\u0000b", r: "", seq: 1.5, after: "a\u0000", inclusive: 1 }),
  "not base64 !!",
];

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("cursors");
  const client = api.sdk(tenant.adminKey);
  storeId = (await client.beta.memoryStores.create({ name: "cursor store" })).id;
  await client.beta.memoryStores.memories.create(storeId, { path: "/a.md", content: `hello ${SEARCH_SECRET}` });
  sessionId = (await rest(api.origin, tenant.agentKey, "POST", "/sessions", { title: "cursor run" })).body.id;
});

afterAll(() => api?.close());

beforeEach(() => {
  logged = [];
  for (const level of ["error", "warn", "log", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

describe("crafted cursors", () => {
  const routes = () => [
    `/memory_stores/${storeId}/memory_versions`,
    `/memory_stores/${storeId}/memories`,
    `/memory_stores/${storeId}/memories_at?at=${encodeURIComponent(new Date().toISOString())}`,
    `/sessions/${sessionId}/timeline`,
    "/sessions",
    "/memory_stores",
    "/agents",
    "/api_keys",
    "/members",
    "/audit_events",
  ];

  it("answer 400 with the error envelope on every paginated GET", async () => {
    for (const route of routes()) {
      for (const page of CURSORS) {
        const res = await rest(api.origin, tenant.adminKey, "GET", `${route}${route.includes("?") ? "&" : "?"}page=${encodeURIComponent(page)}`);
        const error = await expectErrorResponse(res, 400, "invalid_request_error");
        expect(error.message, route).toMatch(/cursor|page/);
      }
    }
    expect(logged).toEqual([]);
  });

  it("answer 400 on search, and the search text is in no log line", async () => {
    for (const page of CURSORS) {
      const res = await rest(api.origin, tenant.adminKey, "POST", "/redaction/search", { query: SEARCH_SECRET, page });
      await expectErrorResponse(res, 400, "invalid_request_error");
    }
    expect(logged.join("\n")).not.toContain(SEARCH_SECRET);
  });
});

describe("error log lines", () => {
  it("carry the error's class and the request id, never its message (which may quote a query or a body)", async () => {
    const app = createApiApp([
      defineRoute({
        method: "post",
        path: "/explode",
        summary: "test route",
        tag: "test",
        response: z.object({}),
        handler: async () => {
          const error = new Error(`Invalid \`prisma.memoryVersion.findMany()\` invocation: { content: { contains: "${SEARCH_SECRET}" } }`);
          (error as Error & { code?: string }).code = "P2009";
          throw error;
        },
      }),
    ]);
    const res = await app.request("/api/v1/explode", {
      method: "POST",
      headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
      body: "{}",
    });
    await expectErrorResponse(res, 500, "api_error");
    const requestId = res.headers.get("request-id")!;
    const all = logged.join("\n");
    expect(all).toContain(requestId);
    expect(all).toContain("P2009");
    expect(all).not.toContain(SEARCH_SECRET);
    expect(all).not.toContain("contains");
  });
});
