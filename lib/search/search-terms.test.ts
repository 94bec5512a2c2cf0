import { describe, expect, it } from "vitest";
import { fts5Query, parseSearchQuery, tokenize, tsQuery } from "./search-terms";

describe("search terms", () => {
  it("splits words into lower-case tokens of letters and digits", () => {
    expect(tokenize("Retry_Policy: max-3 Überall")).toEqual(["retry", "policy", "max", "3", "überall"]);
  });

  it("keeps each word's tokens together and refuses queries without a token", () => {
    expect(parseSearchQuery("api_key  rotate")).toEqual({ ok: true, terms: [["api", "key"], ["rotate"]] });
    expect(parseSearchQuery(" -- ** ")).toMatchObject({ ok: false });
    expect(parseSearchQuery("a b c d e f g h i")).toMatchObject({ ok: false });
    expect(parseSearchQuery("x".repeat(65))).toMatchObject({ ok: false });
  });

  it("builds the FTS5 and tsquery forms: phrases with a prefix last token, all terms required", () => {
    const terms = [["api", "key"], ["rot"]];
    expect(fts5Query(terms)).toBe('"api key"* AND "rot"*');
    expect(tsQuery(terms)).toBe("('api' <-> 'key':*) & ('rot':*)");
  });
});
