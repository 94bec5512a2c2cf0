import { describe, expect, it } from "vitest";
import { humanSize } from "./human-size";

describe("humanSize", () => {
  it.each([
    [0, "0B"],
    [1, "1B"],
    [1023, "1023B"],
    [1024, "1K"],
    [1536, "1.5K"],
    [4096, "4K"],
    [1100, "1.1K"],
    [1048575, "1024.0K"],
    [1048576, "1M"],
    [5 * 1024 * 1024 + 1, "5.0M"],
    [1024 ** 3, "1G"],
  ])("%i bytes → %s", (bytes, text) => expect(humanSize(bytes)).toBe(text));
});
