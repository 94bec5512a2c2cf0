import { describe, expect, it } from "vitest";
import { expiredVersions, KEEP_EVERYTHING, type VersionAge } from "./retention-policy";

const now = new Date("2026-12-02T00:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
// Ids sort by age like real ids: v1 is the oldest.
const v = (memoryId: string, n: number, age: number): VersionAge => ({ id: `${memoryId}-v${String(n).padStart(2, "0")}`, memoryId, createdAt: daysAgo(age) });

describe("expiredVersions", () => {
  const a = [v("a", 1, 90), v("a", 2, 60), v("a", 3, 40), v("a", 4, 31), v("a", 5, 10)];
  const b = [v("b", 1, 100), v("b", 2, 95)];
  const heads = new Map([
    ["a", "a-v05"],
    ["b", "b-v02"],
  ]);

  it("keeps everything by default", () => {
    expect(expiredVersions([...a, ...b], heads, KEEP_EVERYTHING, now)).toEqual([]);
  });

  it("removes versions older than version_days except the head and the newest keep_latest", () => {
    const removed = expiredVersions([...b, ...a], heads, { version_days: 30, keep_latest: 2 }, now).map((x) => x.id);
    // a: v5 head and newest, v4 second newest (kept), v1-v3 old -> removed. b: v2 head, v1 newest-2 -> with K=2 kept.
    expect(removed).toEqual(["a-v01", "a-v02", "a-v03"]);
    expect(expiredVersions(a, heads, { version_days: 30, keep_latest: 0 }, now).map((x) => x.id)).toEqual(["a-v01", "a-v02", "a-v03", "a-v04"]);
    expect(expiredVersions(a, heads, { version_days: 50, keep_latest: 0 }, now).map((x) => x.id)).toEqual(["a-v01", "a-v02"]);
  });

  it("never touches a held memory", () => {
    expect(expiredVersions([...a, ...b], heads, { version_days: 1, keep_latest: 0 }, now, (m) => m === "a").map((x) => x.id)).toEqual(["b-v01"]);
  });
});
