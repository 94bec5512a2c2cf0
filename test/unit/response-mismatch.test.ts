// The response check both ways: a missing or mistyped field, and a field the schema does not declare.
import { describe, expect, it } from "vitest";
import { z } from "@hono/zod-openapi";
import { responseMismatch } from "@/server/api/response-mismatch";
import { memoryVersionSchema, pageOf } from "@/server/api/schemas";

const item = z.object({ id: z.string(), size: z.number().nullable(), tags: z.array(z.object({ name: z.string() })), meta: z.record(z.string(), z.string()) });
const schema = pageOf(item);
const good = { data: [{ id: "a", size: null, tags: [{ name: "x" }], meta: { anything: "goes" } }], next_page: null };

describe("responseMismatch", () => {
  it("accepts an answer that is exactly its schema (record keys are free)", () => {
    expect(responseMismatch(schema, good)).toEqual([]);
  });

  it("names a missing or mistyped field by its path, never its value", () => {
    const wrong = { data: [{ id: 7, tags: [{ name: "x" }], meta: {} }], next_page: "secret-cursor-value" };
    const found = responseMismatch(schema, wrong);
    expect(found).toEqual(["data.[0].id (invalid_type)", "data.[0].size (invalid_type)"]);
    expect(found.join()).not.toContain("secret");
  });

  it("fails a field the schema does not declare, at any depth", () => {
    const extra = { data: [{ ...good.data[0], tags: [{ name: "x", colour: "red" }], secret: "s" }], next_page: null, total: 3 };
    expect(responseMismatch(schema, extra)).toEqual([
      "data.[0].tags.[0].colour (unrecognized_key)",
      "data.[0].secret (unrecognized_key)",
      "total (unrecognized_key)",
    ]);
  });

  it("checks the answer as JSON carries it (a Date is a string, undefined is absent)", () => {
    expect(responseMismatch(z.object({ at: z.string(), gone: z.string().optional() }), { at: new Date(0), gone: undefined })).toEqual([]);
  });

  it("the memory version schema declares Engram's extension and nothing more", () => {
    const version = {
      type: "memory_version",
      id: "memver_1",
      memory_id: "mem_1",
      memory_store_id: "memstore_1",
      operation: "created",
      path: "/a.md",
      content: null,
      content_sha256: "0".repeat(64),
      content_size_bytes: 1,
      created_at: "2026-12-02T00:00:00.000Z",
      created_by: { type: "api_actor", api_key_id: "key_1" },
      redacted_at: null,
      redacted_by: null,
      engram: { cause: "write", previous_path: null, restored_from_version_id: null, agent_id: null, api_key_id: "key_1", redaction: null },
    };
    expect(responseMismatch(memoryVersionSchema, version)).toEqual([]);
    expect(responseMismatch(memoryVersionSchema, { ...version, surprise: 1 })).toEqual(["surprise (unrecognized_key)"]);
    expect(responseMismatch(memoryVersionSchema, { ...version, engram: { ...version.engram, extra: true } })).toEqual(["engram.extra (unrecognized_key)"]);
  });
});
