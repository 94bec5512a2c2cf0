import { describe, expect, it } from "vitest";
import { ID_PREFIXES, idTimestamp, isId, newId, type IdPrefix } from "./ids";

describe("newId", () => {
  it("uses the prefix of each kind", () => {
    for (const kind of Object.keys(ID_PREFIXES) as IdPrefix[]) {
      const id = newId(kind);
      expect(id.startsWith(ID_PREFIXES[kind])).toBe(true);
      expect(id.length).toBe(ID_PREFIXES[kind].length + 26);
      expect(isId(kind, id)).toBe(true);
    }
  });

  it("has the expected prefixes", () => {
    expect(ID_PREFIXES).toMatchObject({
      workspace: "wrkspc_",
      user: "user_",
      agent: "agent_",
      apiKey: "apikey_",
      store: "memstore_",
      grant: "grant_",
      session: "sesn_",
      memory: "mem_",
      version: "memver_",
      read: "memread_",
      auditEvent: "audit_",
      redaction: "redact_",
    });
  });

  it("sorts in creation order within the same millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => newId("memory", 1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts in creation order across milliseconds and survives a clock going back", () => {
    const a = newId("version", 1_800_000_000_000);
    const b = newId("version", 1_800_000_000_001);
    const c = newId("version", 1_700_000_000_000);
    expect(a < b && b < c).toBe(true);
  });

  it("encodes the timestamp", () => {
    const id = newId("store", 1_900_000_000_123);
    expect(idTimestamp(id)).toBe(1_900_000_000_123);
    expect(idTimestamp("nope")).toBeNull();
  });
});

describe("isId", () => {
  it("rejects wrong prefix, length, alphabet and non-strings", () => {
    const id = newId("memory");
    expect(isId("version", id)).toBe(false);
    expect(isId("memory", id + "0")).toBe(false);
    expect(isId("memory", id.slice(0, -1) + "U")).toBe(false);
    expect(isId("memory", id.toLowerCase())).toBe(false);
    expect(isId("memory", 42)).toBe(false);
    expect(isId("memory", "mem_")).toBe(false);
  });
});
