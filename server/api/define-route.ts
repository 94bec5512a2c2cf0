import "server-only";
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { ApiEnv } from "./api-env";
import type { RequestContext } from "../auth/principal";
import { Accepted } from "../http/accepted";
import { checkedAnswer } from "./response-mismatch";

type Method = "get" | "post" | "patch" | "delete";
type Schema = z.ZodType;

/** A JSON route declares the schema of its answer; a raw route (streams, files) builds its own Response. */
type Answer<R extends Schema> =
  | {
      /** The answer's schema: the OpenAPI document shows it, and with response validation on every answer is checked against it. */
      response: R;
      status?: 200 | 201;
      /** The body of a 202 the handler may answer instead (it returns an `Accepted`). */
      accepted?: Schema;
      raw?: false;
    }
  | { raw: true; response?: never; status?: 200; accepted?: never };

export type RouteSpec<P extends Schema, Q extends Schema, B extends Schema, R extends Schema = Schema> = Answer<R> & {
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
  handler: (input: {
    ctx: RequestContext;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    c: Context<ApiEnv>;
  }) => Promise<z.input<R> | Accepted | Response>;
};

export type AnyRoute = RouteSpec<Schema, Schema, Schema>;

/** Declares one endpoint: schemas, then a call into the domain. Everything else is the wrapper's. */
export function defineRoute<P extends Schema = z.ZodObject, Q extends Schema = z.ZodObject, B extends Schema = z.ZodObject, R extends Schema = z.ZodType>(
  spec: RouteSpec<P, Q, B, R>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

/**
 * An optional body that is empty is no body, whatever its Content-Type says: the Python SDK sends
 * `content-type: application/json` with nothing after it (redact, archive), which the JSON
 * validator would refuse as malformed. The request is rebuilt without a body or Content-Type, so
 * the validator sees an absent body and hands the handler `{}`.
 */
const emptyBodyIsAbsent: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const raw = c.req.raw;
  if (raw.body === null || c.req.header("content-type") === undefined) return next();
  const declared = c.req.header("content-length");
  const empty = declared === "0" || (declared === undefined || Number(declared) <= 16 ? (await c.req.text()).trim() === "" : false);
  if (!empty) return next();
  const headers = new Headers(raw.headers);
  headers.delete("content-type");
  headers.delete("content-length");
  c.req.raw = new Request(raw.url, { method: raw.method, headers, signal: raw.signal });
  return next();
};

export function registerRoute(app: OpenAPIHono<ApiEnv>, spec: AnyRoute): void {
  const status = spec.status ?? 200;
  const route = createRoute({
    method: spec.method,
    path: spec.path,
    ...(spec.bodyOptional ? { middleware: [emptyBodyIsAbsent] as const } : {}),
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
        ...(spec.raw ? {} : { content: { "application/json": { schema: spec.response } } }),
      },
      ...(spec.accepted ? { 202: { description: "Held for review", content: { "application/json": { schema: spec.accepted } } } } : {}),
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
    if (result instanceof Accepted) return c.json(checked(spec, spec.accepted, result.body, ctx.requestId), 202);
    if (!spec.raw) return c.json(checked(spec, spec.response, result, ctx.requestId) as object, status);
    // A Response built by the handler does not carry what c.header() set before it: copy it over.
    const response = result as Response;
    c.res.headers.forEach((value, name) => {
      if (!response.headers.has(name)) response.headers.set(name, value);
    });
    return response;
  });
}

function checked<T>(spec: AnyRoute, schema: Schema | undefined, body: T, requestId: string): T {
  return checkedAnswer(schema, body, `response of ${spec.method.toUpperCase()} ${spec.path}`, requestId);
}
