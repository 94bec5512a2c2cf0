import { describe, expect, it } from "vitest";
import { lineColumn } from "./detection";
import { detect } from "./detect";
import { entropy } from "./key-shapes";
import { ibanValid, luhnValid } from "./personal-data";
import { plantedSamples } from "./samples";

describe("detect: one finding per planted secret, at its exact place", () => {
  for (const sample of plantedSamples()) {
    it(sample.rule, async () => {
      const found = await detect(`intro line\n${sample.text}\nlast line`);
      expect(found.map((d) => d.rule)).toEqual([sample.rule]);
      const text = `intro line\n${sample.text}\nlast line`;
      expect(text.slice(found[0].start, found[0].end)).toBe(sample.secret);
    });
  }
});

describe("detect: what must not be found", () => {
  it("ignores ordinary prose, placeholders and checksums that fail", async () => {
    const text = [
      "The password is stored in the vault; see docs.",
      "password = ${DB_PASSWORD}",
      "api_key: xxxxxxxxxxxxxxxx",
      "token = [REDACTED]",
      "card 4111 1111 1111 1112 fails Luhn",
      "iban DE89 3704 0044 0532 0130 01 fails mod 97",
      "ssn 000-12-3456 and 666-12-3456 are never issued",
      "version 1.2.3 and 2026-12-01",
      "sk_live_short",
    ].join("\n");
    expect(await detect(text)).toEqual([]);
  });

  it("reports two secrets on one line separately", async () => {
    const [a, b] = plantedSamples("two");
    const found = await detect(`${a.secret} and ${b.secret}`);
    expect(found.map((d) => d.rule)).toEqual([a.rule, b.rule]);
  });
});

describe("checks", () => {
  it("Luhn, mod 97, entropy, line/column", () => {
    expect(luhnValid("4012888888881881")).toBe(true);
    expect(luhnValid("4012888888881882")).toBe(false);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("abcd")).toBe(2);
    expect(lineColumn("ab\ncd\nef", 7)).toEqual({ line: 3, column: 2 });
    expect(lineColumn("abc", 0)).toEqual({ line: 1, column: 1 });
  });
});
