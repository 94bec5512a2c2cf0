import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Header, Parser, type ReadEntry } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { exportStore } from "@/server/transfer/export-store";
import { importStore } from "@/server/transfer/import-store";
import { tarEnd, tarFile } from "@/server/transfer/tar-entries";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { cli } from "./helpers/cli";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;
const SECRET = `sk-export-${newId("request").slice(4)}`;
const longPath = `/${"deeper-directory-name/".repeat(15)}ünïcode file.md`;

async function req(key: string, method: string, p: string, body?: BodyInit, type?: string) {
  const res = await fetch(`${api.origin}/api/v1${p}`, { method, headers: { "x-api-key": key, ...(type ? { "content-type": type } : {}) }, body });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

function entries(archive: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, string>();
    const parser = new Parser();
    parser.on("entry", (e: ReadEntry) => {
      const chunks: Buffer[] = [];
      e.on("data", (c: Buffer) => chunks.push(c));
      e.on("end", () => out.set(e.path, Buffer.concat(chunks).toString("utf8")));
    });
    parser.on("close", () => resolve(out));
    parser.on("error", reject);
    parser.end(archive);
  });
}

async function snapshot(key: string, id: string) {
  const client = api.sdk(key);
  const files: Record<string, string> = {};
  for await (const m of client.beta.memoryStores.memories.list(id, { view: "full" })) if (m.type === "memory") files[m.path] = m.content ?? "";
  const versions = [];
  for await (const v of client.beta.memoryStores.memoryVersions.list(id, { order: "asc" } as never)) versions.push(v);
  return { files, versions };
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("transfer");
  const client = api.sdk(tenant.adminKey);
  storeId = (await client.beta.memoryStores.create({ name: "transfer source", description: "to be exported" })).id;
  const mem = client.beta.memoryStores.memories;
  const a = await mem.create(storeId, { path: "/notes/a.md", content: `first ${SECRET}` });
  await mem.update(a.id, { memory_store_id: storeId, content: "second" });
  await mem.update(a.id, { memory_store_id: storeId, path: "/notes/renamed.md" });
  const b = await mem.create(storeId, { path: "/b.md", content: "bye" });
  await mem.delete(b.id, { memory_store_id: storeId });
  await mem.create(storeId, { path: longPath, content: "deep\n" });
  await mem.create(storeId, { path: "/empty.md", content: "" });
  const first = (await client.beta.memoryStores.memoryVersions.list(storeId, { memory_id: a.id })).data.at(-1)!;
  await client.beta.memoryStores.memoryVersions.redact(first.id, { memory_store_id: storeId });
});
afterAll(() => api.close());

describe("export and import", () => {
  it("exports current files and history as a tar.gz without redacted content", async () => {
    const res = await req(tenant.adminKey, "GET", `/memory_stores/${storeId}/export?history=true`);
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/gzip");
    expect(res.bytes.includes(Buffer.from(SECRET))).toBe(false);
    const files = await entries(res.bytes);
    expect([...files.keys()].filter((k) => k.startsWith("memories/")).sort()).toEqual(
      ["memories/empty.md", `memories${longPath}`, "memories/notes/renamed.md"].sort(),
    );
    expect(files.get("memories/notes/renamed.md")).toBe("second");
    const history = files
      .get("engram-history.ndjson")!
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(history).toHaveLength(7);
    expect(history.map((h) => h.version_id)).toEqual([...history.map((h) => h.version_id)].sort());
    expect(history[0]).toMatchObject({ operation: "created", content: null, path: null });
    expect(history[0].redacted_at).not.toBeNull();
    expect(history[0].created_by).toEqual({ type: "api_actor", api_key_id: tenant.adminKeyId });
    expect(JSON.parse(files.get("engram-store.json")!)).toMatchObject({
      format: "engram-store-export",
      history: true,
      store: { id: storeId, name: "transfer source" },
    });
  });

  it("round-trips a store with history through import", async () => {
    const archive = (await req(tenant.adminKey, "GET", `/memory_stores/${storeId}/export?history=true`)).bytes;
    const res = await req(tenant.adminKey, "POST", "/memory_stores/import?name=copy", archive, "application/gzip");
    expect(res.status).toBe(201);
    const body = JSON.parse(res.bytes.toString());
    expect(body.memory_store).toMatchObject({ name: "copy", description: "to be exported", metadata: { imported_from: storeId } });
    const [src, dst] = [await snapshot(tenant.adminKey, storeId), await snapshot(tenant.adminKey, body.memory_store.id)];
    expect(dst.files).toEqual(src.files);
    expect(dst.versions.map((v) => [v.operation, v.path, v.content_sha256, v.redacted_at === null])).toEqual(
      src.versions.map((v) => [v.operation, v.path, v.content_sha256, v.redacted_at === null]),
    );
    expect(dst.versions.every((v) => (v as unknown as { engram: { cause: string } }).engram.cause === "import")).toBe(true);
  });

  it("imports a current-files-only export, as multipart too", async () => {
    const archive = (await req(tenant.adminKey, "GET", `/memory_stores/${storeId}/export`)).bytes;
    expect((await entries(archive)).has("engram-history.ndjson")).toBe(false);
    const form = new FormData();
    form.set("file", new Blob([archive]), "store.tar.gz");
    const res = await req(tenant.adminKey, "POST", "/memory_stores/import?name=flat", form);
    expect(res.status).toBe(201);
    const id = JSON.parse(res.bytes.toString()).memory_store.id;
    const dst = await snapshot(tenant.adminKey, id);
    expect(dst.files).toEqual((await snapshot(tenant.adminKey, storeId)).files);
    expect(dst.versions).toHaveLength(3);
  });

  it("refuses unsafe or broken archives with a 4xx and creates nothing", async () => {
    const link = new Header({ path: "notes/link.md", type: "SymbolicLink", linkpath: "/etc/passwd", size: 0, mode: 0o777, mtime: new Date() });
    link.encode();
    const cases: [string, Buffer][] = [
      ["symlink", gzipSync(Buffer.concat([link.block!, tarEnd()]))],
      ["dotdot", gzipSync(Buffer.concat([tarFile("../evil.md", Buffer.from("x"), new Date()), tarEnd()]))],
      ["bad path", gzipSync(Buffer.concat([tarFile("a//b.md", Buffer.from("x"), new Date()), tarEnd()]))],
      ["too big", gzipSync(Buffer.concat([tarFile("big.md", Buffer.alloc(200_000, 97), new Date()), tarEnd()]))],
      ["binary", gzipSync(Buffer.concat([tarFile("bin.md", Buffer.from([0xff, 0xfe, 0x00]), new Date()), tarEnd()]))],
      ["garbage", Buffer.from("this is not an archive")],
    ];
    const before = (await api.sdk(tenant.adminKey).beta.memoryStores.list({ limit: 100 })).data.length;
    for (const [label, archive] of cases) {
      const res = await req(tenant.adminKey, "POST", "/memory_stores/import?name=bad", new Uint8Array(archive), "application/gzip");
      expect([400, 413], label).toContain(res.status);
      expect(JSON.parse(res.bytes.toString()).type, label).toBe("error");
    }
    expect((await api.sdk(tenant.adminKey).beta.memoryStores.list({ limit: 100 })).data.length).toBe(before);
  });

  it("authorizes export and import in the domain", async () => {
    expect((await req(tenant.agentKey, "GET", `/memory_stores/${storeId}/export`)).status).toBe(403);
    expect((await req(tenant.agentKey, "POST", "/memory_stores/import?name=x", Buffer.from("x"), "application/gzip")).status).toBe(403);
    const { ctx: viewer } = await tenant.user("viewer");
    await expect(exportStore(viewer, storeId, { history: true })).rejects.toMatchObject({ status: 403 });
    const { ctx: compliance } = await tenant.user("compliance");
    await expect(importStore(compliance, { files: new Map([["/a.md", "a"]]) }, { name: "x" })).rejects.toMatchObject({ status: 403 });
    // Import creates a store, so it needs what POST /memory_stores needs: developers may do neither.
    const { ctx: developer } = await tenant.user("developer");
    await expect(importStore(developer, { files: new Map([["/a.md", "a"]]) }, { name: "dev import" })).rejects.toMatchObject({ status: 403 });
    const other = await createTestTenant("transfer-other");
    expect((await req(other.adminKey, "GET", `/memory_stores/${storeId}/export`)).status).toBe(404);
  });

  it("imports a plain directory and exports with progress from the CLI", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "engram-import-"));
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "top.md"), "top");
    writeFileSync(path.join(dir, "sub", "inner.md"), "inner");
    const name = `dir-${newId("request")}`;
    const imported = await cli(["import", "--dir", dir, "--name", name]);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^memstore_/);
    const out = path.join(dir, "..", `${name}.tar.gz`);
    const exported = await cli(["export", "--store", id, "--out", out, "--history"]);
    expect(exported.stderr).toMatch(/files: 2\/2/);
    const files = await entries(readFileSync(out));
    expect(files.get("memories/top.md")).toBe("top");
    expect(files.get("memories/sub/inner.md")).toBe("inner");
    symlinkSync("/etc/passwd", path.join(dir, "link.md"));
    expect(await cli(["import", "--dir", dir, "--name", `${name}-2`])).toMatchObject({ code: 1, stderr: expect.stringContaining("symbolic link") });
  });
});
