import { describe, expect, it } from "vitest";
import { diffSequences } from "./myers";

// Reference LCS length by dynamic programming, to check minimality.
function lcsLength(a: number[], b: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

function check(a: number[], b: number[]) {
  const { removed, added } = diffSequences(Int32Array.from(a), Int32Array.from(b));
  const keptA = a.filter((_, i) => !removed[i]);
  const keptB = b.filter((_, i) => !added[i]);
  expect(keptA).toEqual(keptB);
  expect(keptA.length).toBe(lcsLength(a, b));
}

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe("diffSequences", () => {
  it("handles empty and identical inputs", () => {
    check([], []);
    check([1, 2], []);
    check([], [1, 2]);
    check([1, 2, 3], [1, 2, 3]);
  });

  it("finds a minimal edit on random sequences", () => {
    const rnd = seeded(42);
    for (let round = 0; round < 300; round++) {
      const alphabet = 1 + Math.floor(rnd() * 6);
      const a = Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * alphabet));
      const b = Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * alphabet));
      check(a, b);
    }
  });
});
