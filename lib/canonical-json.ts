// RFC 8785 JSON Canonicalization Scheme: the bytes hashed by the audit chain must not depend
// on key order or number formatting.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalize(value: unknown): string {
  return serialize(value, "$");
}

// JSON.stringify already implements ES number serialization and the RFC's string escaping.
function serialize(value: unknown, at: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`Cannot canonicalize non-finite number at ${at}`);
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`Cannot canonicalize ${typeof value} at ${at}`);
  }
  if (Array.isArray(value)) {
    return (
      "[" +
      value
        .map((item, i) => {
          if (item === undefined) throw new TypeError(`Cannot canonicalize undefined at ${at}[${i}]`);
          return serialize(item, `${at}[${i}]`);
        })
        .join(",") +
      "]"
    );
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return serialize(toJSON.call(value), at);
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + serialize(record[k], `${at}.${k}`)).join(",") + "}";
}
