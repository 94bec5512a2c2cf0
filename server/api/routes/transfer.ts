import "server-only";
import { Readable } from "node:stream";
import { z } from "@hono/zod-openapi";
import { toWireStore } from "../../memory/serialize";
import { badRequest } from "../../http/api-error";
import { exportStore } from "../../transfer/export-store";
import { importArchive } from "../../transfer/import-archive";
import { defineRoute } from "../define-route";
import { booleanQuery, memoryStoreSchema, storeParams } from "../schemas";

const tag = "Export and import";

export const transferRoutes = [
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/export",
    summary: "Export a store as .tar.gz: current files under memories/, optionally its history as NDJSON",
    tag,
    params: storeParams,
    query: z.object({ history: booleanQuery }),
    raw: true,
    handler: async ({ ctx, params, query }) => {
      const out = await exportStore(ctx, params.memory_store_id, { history: query.history ?? false });
      return new Response(Readable.toWeb(out.stream) as ReadableStream, {
        headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${out.filename}"` },
      });
    },
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/import",
    summary: "Create a new store from a .tar.gz (raw application/gzip body, or multipart field `file`)",
    tag,
    query: z.object({ name: z.string().min(1).max(200).optional() }),
    status: 201,
    response: z
      .object({ type: z.literal("memory_store_import"), memory_store: memoryStoreSchema, memories: z.number().int(), versions: z.number().int() })
      .openapi("MemoryStoreImport"),
    handler: async ({ ctx, query, c }) => {
      const type = c.req.header("content-type") ?? "";
      let body: Buffer;
      if (type.startsWith("multipart/form-data")) {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File)) throw badRequest("multipart upload needs a `file` field holding the archive");
        body = Buffer.from(await file.arrayBuffer());
      } else body = Buffer.from(await c.req.arrayBuffer());
      if (body.length === 0) throw badRequest("the request body must be a .tar.gz archive");
      const result = await importArchive(ctx, body, { name: query.name });
      return { type: "memory_store_import", memory_store: toWireStore(result.store), memories: result.memories, versions: result.versions };
    },
  }),
];
