import "server-only";
import type { z } from "@hono/zod-openapi";
import { config } from "../config";
import { ApiError } from "../http/api-error";

/**
 * Where a JSON answer differs from its schema, as zod issue paths with their codes (never values):
 * a missing or mistyped field, and a field the schema does not declare, fail alike, so drift either
 * way shows. The body is checked as the client will see it (after JSON serialisation). Unknown keys
 * are found by comparing the body with what the schema kept of it: a declared object strips what it
 * does not know, so a key in the body but not in the parse result is undeclared.
 */
export function responseMismatch(schema: z.ZodType, body: unknown): string[] {
  const wire: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const result = schema.safeParse(wire);
  if (!result.success) return result.error.issues.map((issue) => `${pathText(issue.path)} (${issue.code})`);
  return undeclaredKeys(wire, result.data, []);
}

type Segment = PropertyKey;

function undeclaredKeys(input: unknown, output: unknown, path: Segment[]): string[] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((item, i) => undeclaredKeys(item, output[i], [...path, i]));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((key) =>
    key in output ? undeclaredKeys(input[key], output[key], [...path, key]) : [`${pathText([...path, key])} (unrecognized_key)`],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pathText(path: readonly Segment[]): string {
  return path.length === 0 ? "(root)" : path.map((segment) => (typeof segment === "number" ? `[${segment}]` : String(segment))).join(".");
}

/**
 * With response validation on (config.validateResponses), `body` as its schema declares it, or an
 * error. The log names where the answer was going and the zod issue paths, never values (an answer
 * holds memory content).
 */
export function checkedAnswer<T>(schema: z.ZodType | undefined, body: T, where: string, requestId: string): T {
  if (!config.validateResponses) return body;
  const mismatch = schema ? responseMismatch(schema, body) : ["(root) (no schema declared for this status)"];
  if (mismatch.length === 0) return body;
  console.error(`[${requestId}] ${where} does not match its schema: ${mismatch.join("; ")}`);
  throw new ApiError("api_error", "Internal server error: the response does not match its schema.");
}
