// Assertions on the error envelope, for calls made through the SDK and through raw fetch.
import { APIError } from "@anthropic-ai/sdk";
import { expect } from "vitest";
import type { Reply } from "./rest";

export type ErrorBody = { type: "error"; error: { type: string; message: string; [extra: string]: unknown } };

/** Awaits `call`, expects it to fail with `status`/`type`, checks envelope and request-id; returns the error object. */
export async function expectApiError(call: Promise<unknown>, status: number, type: string): Promise<ErrorBody["error"]> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${status} ${type}, but the call succeeded`).toBeInstanceOf(APIError);
  const error = caught as APIError;
  expect({ status: error.status, type: (error.error as ErrorBody)?.error?.type }).toEqual({ status, type });
  expectEnvelope(error.error, type);
  expect(error.headers?.get("request-id")).toMatch(/\S/);
  expect(error.requestID).toBe(error.headers?.get("request-id"));
  return (error.error as ErrorBody).error;
}

export function expectEnvelope(body: unknown, type: string): asserts body is ErrorBody {
  expect(body).toMatchObject({ type: "error", error: { type, message: expect.any(String) } });
  expect((body as ErrorBody).error.message.length).toBeGreaterThan(0);
}

/** Checks a raw response (fetch's or rest()'s): status, JSON envelope, request-id and no-store headers. */
export async function expectErrorResponse(response: Response | Reply, status: number, type: string): Promise<ErrorBody["error"]> {
  const text = response instanceof Response ? await response.text() : response.text;
  expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status });
  const body = JSON.parse(text) as unknown;
  expectEnvelope(body, type);
  expect(response.headers.get("request-id")).toMatch(/\S/);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return body.error;
}
