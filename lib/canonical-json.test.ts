import { describe, expect, it } from "vitest";
import { canonicalize } from "./canonical-json";

describe("canonicalize (RFC 8785)", () => {
  it("reproduces the RFC 8785 section 3.2.2 example", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units (RFC 8785 section 3.2.3 example)", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // Compare the text: Object.keys would hoist the integer-like key "1".
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("serializes numbers like ECMAScript (RFC 8785 appendix B samples)", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
      [295147905179352830000, "295147905179352830000"],
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [-1.5, "-1.5"],
      [333333333.3333333, "333333333.3333333"],
    ];
    for (const [n, s] of cases) expect(canonicalize(n)).toBe(s);
  });

  it("emits no whitespace and nests", () => {
    expect(canonicalize({ b: [1, { d: 2, c: "x" }], a: {} })).toBe('{"a":{},"b":[1,{"c":"x","d":2}]}');
  });

  it("drops undefined object members like JSON.stringify", () => {
    expect(canonicalize({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("rejects non-finite numbers, undefined in arrays and other types", () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalize({ a: [Infinity] })).toThrow("Cannot canonicalize non-finite number at $.a[0]");
    expect(() => canonicalize([1, undefined])).toThrow("Cannot canonicalize undefined at $[1]");
    expect(() => canonicalize(undefined)).toThrow(/undefined/);
    expect(() => canonicalize(() => 1)).toThrow(/function/);
    expect(() => canonicalize(1n)).toThrow(/bigint/);
  });

  it("uses toJSON (dates)", () => {
    expect(canonicalize({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });
});
