// The OpenAPI document is generated from the same zod schemas that validate requests. This
// checks that it is public, is well-formed OpenAPI 3.1, and lists exactly the routes the app serves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "@/server/api/routes";
import { startApiServer, type RunningApi } from "./helpers/api-server";

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  responses?: Record<string, unknown>;
  requestBody?: unknown;
  security?: unknown[];
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let api: RunningApi;
let doc: Doc;
let response: Response;

beforeAll(async () => {
  api = await startApiServer();
  response = await fetch(`${api.origin}/api/v1/openapi.json`);
  doc = (await response.clone().json()) as Doc;
});
afterAll(() => api.close());

/** The doc's paths may carry the /api/v1 base; route specs do not. */
const stripBase = (p: string) => p.replace(/^\/api\/v1(?=\/)/, "");

describe("GET /api/v1/openapi.json", () => {
  it("is public JSON", async () => {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(response.headers.get("request-id")).toMatch(/\S/);
  });

  it("is an OpenAPI 3.1 document with the required top-level fields", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components?.securitySchemes).toMatchObject({
      ApiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      Bearer: { type: "http", scheme: "bearer" },
    });
  });

  it("every operation is well-formed: responses, declared path parameters, resolvable $refs", () => {
    const refs: string[] = [];
    JSON.stringify(doc, (key, value) => {
      if (key === "$ref") refs.push(value as string);
      return value;
    });
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\//);
      const [, , section, name] = ref.split("/");
      expect(doc.components?.[section]?.[name], `unresolved ${ref}`).toBeDefined();
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/"), path).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${method} ${path}`).toContain(method);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
        for (const status of Object.keys(op.responses!)) expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
        expect(pathParams.map((p) => p.name).sort(), `${method} ${path} path parameters`).toEqual(templated);
        for (const p of pathParams) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
        for (const p of op.parameters ?? []) expect(["path", "query", "header", "cookie"]).toContain(p.in);
        expect(op.security, `${method} ${path} security`).toBeDefined();
      }
    }
  });

  it("lists every route of server/api/routes/index.ts with its method, and nothing else", () => {
    const fromRoutes = allRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    const fromDoc = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${stripBase(path)}`))
      .sort();
    expect(new Set(fromRoutes).size, "duplicate route declarations").toBe(fromRoutes.length);
    expect(fromDoc).toEqual(fromRoutes);
  });

  it("documents the SDK's memory store endpoints", () => {
    const ops = new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${stripBase(path)}`)));
    for (const op of [
      "POST /memory_stores",
      "GET /memory_stores",
      "GET /memory_stores/{memory_store_id}",
      "POST /memory_stores/{memory_store_id}",
      "DELETE /memory_stores/{memory_store_id}",
      "POST /memory_stores/{memory_store_id}/archive",
      "POST /memory_stores/{memory_store_id}/memories",
      "GET /memory_stores/{memory_store_id}/memories",
      "GET /memory_stores/{memory_store_id}/memories/{memory_id}",
      "POST /memory_stores/{memory_store_id}/memories/{memory_id}",
      "DELETE /memory_stores/{memory_store_id}/memories/{memory_id}",
      "GET /memory_stores/{memory_store_id}/memory_versions",
      "GET /memory_stores/{memory_store_id}/memory_versions/{memory_version_id}",
      "POST /memory_stores/{memory_store_id}/memory_versions/{memory_version_id}/redact",
    ]) {
      expect(ops, op).toContain(op);
    }
  });

  it("every documented GET route answers through the app (no route is documented but unmounted)", async () => {
    for (const route of allRoutes.filter((r) => r.method === "get" && !r.path.includes("{"))) {
      const res = await fetch(`${api.origin}/api/v1${route.path}`);
      // Unauthenticated: the route exists, so authentication answers, not the 404 fallback.
      expect(res.status, route.path).toBe(401);
    }
  });
});
