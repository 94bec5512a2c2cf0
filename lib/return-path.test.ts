import { describe, expect, it } from "vitest";
import { afterSignIn, loginUrl, safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps relative paths of this origin with their query and fragment", () => {
    expect(safeReturnPath("/stores/store_1?file=m&tab=blame")).toBe("/stores/store_1?file=m&tab=blame");
    expect(safeReturnPath("/sessions?q=a%20b#x")).toBe("/sessions?q=a%20b#x");
    expect(safeReturnPath("/")).toBe("/");
  });

  it.each([
    "https://evil.example/x",
    "http:/evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "/%5cevil.example",
    "javascript:alert(1)",
    " /stores",
    "/stores\n",
    "/sto\tres",
    "stores",
    "",
    "/login",
    "/login/sso",
    "/api/v1/memory_stores",
  ])("refuses %j", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });

  it("refuses what is not a string and very long values", () => {
    expect(safeReturnPath(undefined)).toBeNull();
    expect(safeReturnPath(["/stores"])).toBeNull();
    expect(safeReturnPath(`/${"a".repeat(2048)}`)).toBeNull();
  });

  it("falls back to the stores and builds the login link", () => {
    expect(afterSignIn("//evil.example")).toBe("/stores");
    expect(afterSignIn("/audit")).toBe("/audit");
    expect(loginUrl("/stores/a?b=c")).toBe("/login?next=%2Fstores%2Fa%3Fb%3Dc");
    expect(loginUrl("https://evil.example")).toBe("/login");
    expect(loginUrl(null)).toBe("/login");
  });
});
