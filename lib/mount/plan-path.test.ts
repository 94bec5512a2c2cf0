import { describe, expect, it } from "vitest";
import { planPath, type PathState } from "./plan-path";

const A = "a".repeat(64);
const B = "b".repeat(64);
const C = "c".repeat(64);
const state = (s: Partial<PathState>): PathState => ({ readOnly: false, now: 1_000_000, deleteDelayMs: 30_000, ...s });
const base = { id: "mem_1", sha: A };

describe("planPath", () => {
  it("keeps an unchanged path and adopts identical content on both sides", () => {
    expect(planPath(state({ base, localSha: A, remote: { id: "mem_1", sha: A } }))).toEqual({ kind: "none", base });
    expect(planPath(state({ localSha: B, remote: { id: "mem_2", sha: B } }))).toEqual({ kind: "none", base: { id: "mem_2", sha: B } });
  });

  it("pulls a memory changed only on the server, and a new one", () => {
    expect(planPath(state({ base, localSha: A, remote: { id: "mem_1", sha: B } }))).toMatchObject({ kind: "pull" });
    expect(planPath(state({ remote: { id: "mem_9", sha: B } }))).toMatchObject({ kind: "pull", restore: false });
  });

  it("pushes a file changed only locally, with the listed sha as precondition, or creates it", () => {
    expect(planPath(state({ base, localSha: B, remote: { id: "mem_1", sha: A } }))).toEqual({ kind: "push", remote: { id: "mem_1", sha: A }, localSha: B });
    expect(planPath(state({ localSha: B }))).toEqual({ kind: "push", localSha: B });
  });

  it("reports a conflict when both sides changed, and when both created different content", () => {
    expect(planPath(state({ base, localSha: B, remote: { id: "mem_1", sha: C } }))).toMatchObject({ kind: "conflict", localSha: B });
    expect(planPath(state({ localSha: B, remote: { id: "mem_1", sha: C } }))).toMatchObject({ kind: "conflict" });
  });

  it("waits out the delete delay before deleting on the server", () => {
    const remote = { id: "mem_1", sha: A };
    expect(planPath(state({ base, remote }))).toEqual({ kind: "wait_delete", since: 1_000_000, dueInMs: 30_000 });
    expect(planPath(state({ base, remote, missingSince: 1_000_000 - 10_000 }))).toMatchObject({ kind: "wait_delete", dueInMs: 20_000 });
    expect(planPath(state({ base, remote, missingSince: 1_000_000 - 30_000 }))).toEqual({ kind: "delete_remote", remote, expectSha: A });
  });

  it("restores a locally deleted file the server changed meanwhile", () => {
    expect(planPath(state({ base, remote: { id: "mem_1", sha: B }, missingSince: 0 }))).toMatchObject({ kind: "pull", restore: true });
  });

  it("removes the file of a memory deleted on the server unless it holds an unpushed edit", () => {
    expect(planPath(state({ base, localSha: A }))).toEqual({ kind: "remove_local", expectSha: A });
    expect(planPath(state({ base, localSha: B }))).toEqual({ kind: "push", localSha: B });
  });

  it("never pushes or deletes from a read-only mount", () => {
    const remote = { id: "mem_1", sha: A };
    expect(planPath(state({ readOnly: true, base, localSha: B, remote }))).toMatchObject({ kind: "hold", reason: "read_only", base });
    expect(planPath(state({ readOnly: true, localSha: B }))).toMatchObject({ kind: "hold", reason: "read_only" });
    expect(planPath(state({ readOnly: true, base, remote, missingSince: 0 }))).toMatchObject({ kind: "pull", restore: true });
    expect(planPath(state({ readOnly: true, base, localSha: A, remote: { id: "mem_1", sha: C } }))).toMatchObject({ kind: "pull" });
  });

  it("holds content the server refused until the file changes", () => {
    expect(planPath(state({ localSha: B, refusedSha: B }))).toMatchObject({ kind: "hold", reason: "refused" });
    expect(planPath(state({ localSha: C, refusedSha: B }))).toMatchObject({ kind: "push" });
    expect(planPath(state({ base, localSha: B, refusedSha: B, remote: { id: "mem_1", sha: A } }))).toMatchObject({ kind: "hold", reason: "refused" });
  });
});
