import "server-only";
import { z } from "@hono/zod-openapi";
import { parsePathPrefix } from "@/lib/memory-path";
import { badRequest } from "../http/api-error";
import { cappedLimit, limit, page, view } from "./schemas";

/** The listing parameters of the memory stores API, shared by the live and the point-in-time list. */
export const memoryListQuery = {
  limit,
  page,
  view: view.default("basic"),
  path_prefix: z.string().max(1100).optional(),
  depth: z.coerce.number().int().min(0).max(20).default(0),
};

export function memoryListInputFrom(query: z.infer<z.ZodObject<typeof memoryListQuery>>) {
  const prefix = parsePathPrefix(query.path_prefix ?? "/");
  if (!prefix.ok) throw badRequest(`path_prefix: ${prefix.message}`);
  return { pathPrefix: prefix.path, depth: query.depth, limit: cappedLimit(query.limit, query.view), page: query.page, view: query.view };
}
