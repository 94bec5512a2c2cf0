import "server-only";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "./api-env";
import type { RequestContext } from "../auth/principal";

type Method = "get" | "post" | "delete";
type Schema = z.ZodType;

export type RouteSpec<P extends Schema, Q extends Schema, B extends Schema> = {
  method: Method;
  /** OpenAPI-style path below /api/v1, e.g. `/memory_stores/{memory_store_id}`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be absent (the SDK sends none for some POSTs). */
  bodyOptional?: boolean;
  response?: Schema;
  status?: 200 | 201;
  /** Return a Response yourself (streams, files). */
  raw?: boolean;
  handler: (input: { ctx: RequestContext; params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; c: Context<ApiEnv> }) => Promise<unknown>;
};

export type AnyRoute = RouteSpec<Schema, Schema, Schema>;

/** Declares one endpoint: schemas, then a call into the domain. Everything else is the wrapper's. */
export function defineRoute<P extends Schema = z.ZodObject, Q extends Schema = z.ZodObject, B extends Schema = z.ZodObject>(
  spec: RouteSpec<P, Q, B>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

export function registerRoute(app: OpenAPIHono<ApiEnv>, spec: AnyRoute): void {
  const status = spec.status ?? 200;
  const route = createRoute({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    security: [{ ApiKey: [] }, { Bearer: [] }],
    request: {
      ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } }, required: !spec.bodyOptional } } : {}),
    },
    responses: {
      [status]: {
        description: spec.summary,
        ...(spec.raw ? {} : { content: { "application/json": { schema: spec.response ?? z.object({}).passthrough() } } }),
      },
    },
  });
  app.openapi(route, async (c: Context<ApiEnv>) => {
    // The app's middleware has authenticated the caller before validation ran.
    const ctx: RequestContext = { principal: c.get("principal"), requestId: c.get("requestId") };
    const valid = c.req.valid.bind(c.req) as (target: string) => unknown;
    const result = await spec.handler({
      ctx,
      params: (spec.params ? valid("param") : {}) as never,
      query: (spec.query ? valid("query") : {}) as never,
      body: (spec.body ? (valid("json") ?? {}) : {}) as never,
      c,
    });
    if (!spec.raw) return c.json(result as object, status);
    // A Response built by the handler does not carry what c.header() set before it: copy it over.
    const response = result as Response;
    c.res.headers.forEach((value, name) => {
      if (!response.headers.has(name)) response.headers.set(name, value);
    });
    return response;
  });
}
