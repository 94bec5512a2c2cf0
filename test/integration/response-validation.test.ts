// With response validation on (global-setup turns it on for every test server), an answer that
// is not exactly its schema — a field missing or mistyped, or a field the schema does not declare —
// is a 500 whose log names the route and the issue paths, never the values.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "@hono/zod-openapi";
import { createApiApp } from "@/server/api/app";
import { defineRoute } from "@/server/api/define-route";
import { config } from "@/server/config";
import { Accepted } from "@/server/http/accepted";
import { expectErrorResponse } from "./helpers/api-errors";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

const SECRET = "sk-live-do-not-log-me";
const shape = z.object({ id: z.string(), size: z.number() });
// The handlers are typed loosely on purpose: the point is what the check does with a wrong answer.
const route = (path: string, answer: () => unknown) =>
  defineRoute({ method: "get", path, summary: "test route", tag: "test", response: shape, accepted: shape, handler: async () => answer() as never });

const app = createApiApp([
  route("/right", () => ({ id: "a", size: 1 })),
  route("/missing", () => ({ id: SECRET })),
  route("/mistyped", () => ({ id: "a", size: SECRET })),
  route("/undeclared", () => ({ id: "a", size: 1, content: SECRET })),
  route("/accepted-wrong", () => new Accepted({ id: "a", size: 1, note: SECRET })),
]);

let tenant: TestTenant;
let logged: string[];
beforeAll(async () => {
  tenant = await createTestTenant("response-validation");
});
afterAll(() => vi.restoreAllMocks());

const get = async (path: string) => {
  logged = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
  try {
    return await app.request(`/api/v1${path}`, { headers: { "x-api-key": tenant.adminKey } });
  } finally {
    spy.mockRestore();
  }
};

describe("response validation", () => {
  it("is on for the test servers", () => {
    expect(config.validateResponses).toBe(true);
  });

  it("passes an answer that is exactly its schema", async () => {
    const res = await get("/right");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "a", size: 1 });
  });

  it.each([
    ["/missing", "size (invalid_type)"],
    ["/mistyped", "size (invalid_type)"],
    ["/undeclared", "content (unrecognized_key)"],
    ["/accepted-wrong", "note (unrecognized_key)"],
  ])("answers %s with a 500 naming the route and the path (%s), never the value", async (path, issue) => {
    const res = await get(path);
    await expectErrorResponse(res, 500, "api_error");
    const line = logged.join("\n");
    expect(line).toContain(`GET ${path} does not match its schema`);
    expect(line).toContain(issue);
    expect(line).toContain(res.headers.get("request-id")!);
    expect(line).not.toContain(SECRET);
  });
});
