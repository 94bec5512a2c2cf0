import { describe, expect, it } from "vitest";
import { INDEXED_CHARS, tsvectorLiteral } from "./search-words";

describe("search words (PostgreSQL's index)", () => {
  it("lists each lower-cased token once with its positions", () => {
    expect(tsvectorLiteral("Retry_Policy: retry max-3")).toBe("'retry':1,3 'policy':2 'max':4 '3':5 ");
    expect(tsvectorLiteral("--- ***")).toBe("");
  });

  it("keeps PostgreSQL's limits: long words skipped without a position, 255 positions a word, positions up to 16383", () => {
    expect(tsvectorLiteral(`a ${"x".repeat(2048)} b ${"y".repeat(2047)}`)).toBe(`'a':1 'b':2 '${"y".repeat(2047)}':3 `);
    // Bytes of UTF-8, not characters: 1,024 two-byte letters are 2,048 bytes; 682 three-byte ones 2,046.
    expect(tsvectorLiteral(`${"ü".repeat(1024)} c ${"ア".repeat(682)}`)).toBe(`'c':1 '${"ア".repeat(682)}':2 `);
    const many = tsvectorLiteral("w ".repeat(300));
    expect(many.split(",")).toHaveLength(255);
    expect(tsvectorLiteral(`${"q ".repeat(16_390)}z z`)).toMatch(/'z':16383 $/);
  });

  it("reads the first INDEXED_CHARS characters, counting a character outside the BMP as one", () => {
    const astral = "😀".repeat(10);
    expect(tsvectorLiteral(`${"a ".repeat(INDEXED_CHARS / 2)}tail`)).not.toContain("tail");
    expect(tsvectorLiteral(`${astral}${"b".repeat(INDEXED_CHARS - 11)} tail`)).not.toContain("tail");
    expect(tsvectorLiteral(`${astral}${"b".repeat(INDEXED_CHARS - 12)} tail`)).toContain("'t'");
  });
});
