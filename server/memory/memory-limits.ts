import "server-only";
import { parseMemoryPath } from "@/lib/memory-path";
import { config } from "../config";
import { byteLength } from "../crypto";
import { ApiError, badRequest } from "../http/api-error";

export function requirePath(input: unknown, field = "path"): string {
  const result = parseMemoryPath(input);
  if (!result.ok) throw badRequest(`${field}: ${result.message}`);
  return result.path;
}

export function requireContent(content: unknown): string {
  if (typeof content !== "string") throw badRequest("content: must be a string");
  // PostgreSQL text cannot hold NUL; refuse it on every database so both behave alike.
  if (content.includes("\u0000")) throw badRequest("content: must not contain NUL characters");
  const size = byteLength(content);
  if (size > config.maxContentBytes) {
    throw new ApiError("request_too_large", `content is ${size} bytes; the limit is ${config.maxContentBytes} bytes`);
  }
  return content;
}
