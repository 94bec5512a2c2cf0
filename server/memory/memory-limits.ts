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
  const size = byteLength(content);
  if (size > config.maxContentBytes) {
    throw new ApiError("request_too_large", `content is ${size} bytes; the limit is ${config.maxContentBytes} bytes`);
  }
  return content;
}
