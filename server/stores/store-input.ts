import "server-only";
import { badRequest } from "../http/api-error";

// The limits of the memory stores API: name 1–255 characters without control characters,
// description up to 1,024, metadata up to 16 pairs (keys 1–64, values up to 512 characters).

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function requireStoreName(name: unknown): string {
  if (typeof name !== "string" || name.length < 1 || name.length > 255) throw badRequest("name: must be 1 to 255 characters");
  if (CONTROL.test(name)) throw badRequest("name: must not contain control characters");
  return name;
}

export function requireDescription(description: unknown): string {
  if (typeof description !== "string") throw badRequest("description: must be a string");
  if (description.includes("\u0000")) throw badRequest("description: must not contain NUL characters");
  if (description.length > 1024) throw badRequest("description: must be at most 1,024 characters");
  return description;
}

/** Applies a metadata patch (null removes a key) and checks the result. */
export function mergeMetadata(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (key.length < 1 || key.length > 64) throw badRequest("metadata: keys must be 1 to 64 characters");
    if (value === null) delete next[key];
    else if (typeof value !== "string" || value.length > 512) throw badRequest("metadata: values must be strings of at most 512 characters");
    else next[key] = value;
  }
  if (Object.keys(next).length > 16) throw badRequest("metadata: at most 16 key-value pairs");
  return next;
}
