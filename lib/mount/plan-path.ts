// The merge decision for one path of a mounted store: given what was last synced (the
// baseline), what is on disk now and what the server lists now (hashes only), what to do.
// Pure: the sync engine (mount-client/) performs the action and records the new baseline.

/** What the last applied change left in agreement on both sides. */
export type Baseline = { id: string; sha: string };
/** A memory as the content-free listing shows it. */
export type RemoteEntry = { id: string; sha: string };

export type PathState = {
  base?: Baseline;
  /** sha256 of the file on disk, or undefined when there is no file. */
  localSha?: string;
  remote?: RemoteEntry;
  readOnly: boolean;
  /** The local sha the server last refused for this path (413, 400, not UTF-8). */
  refusedSha?: string;
  /** When the file was first seen missing while the server still had it unchanged. */
  missingSince?: number;
  now: number;
  deleteDelayMs: number;
};

export type PathAction =
  /** Nothing to move; `base` is the baseline to keep (undefined drops the path). */
  | { kind: "none"; base?: Baseline }
  /** Fetch the memory and write it to disk. */
  | { kind: "pull"; remote: RemoteEntry; restore?: boolean }
  /** Upload the file: an update with a precondition on `remote.sha`, or a create. */
  | { kind: "push"; remote?: RemoteEntry; localSha: string }
  /** Both sides changed: save the file as a conflict copy, then pull the server version over it. */
  | { kind: "conflict"; remote: RemoteEntry; localSha: string }
  /** The server deleted the memory and the file still holds the synced content. */
  | { kind: "remove_local"; expectSha: string }
  /** The file is gone locally; wait until it has stayed gone for the delay. */
  | { kind: "wait_delete"; since: number; dueInMs: number }
  /** The file stayed gone for the delay: delete on the server (after a re-check on disk). */
  | { kind: "delete_remote"; remote: RemoteEntry; expectSha: string }
  /** A local change that is not pushed: read-only mount, or content the server refused. */
  | { kind: "hold"; reason: "read_only" | "refused"; base?: Baseline; localSha: string };

export function planPath(s: PathState): PathAction {
  const { base, localSha, remote } = s;

  if (remote && localSha === remote.sha) return { kind: "none", base: { id: remote.id, sha: remote.sha } };

  if (!remote) {
    if (localSha === undefined) return { kind: "none" };
    if (base && localSha === base.sha) return { kind: "remove_local", expectSha: localSha };
    // A new file, or an edit to a memory deleted on the server: the file is the only copy.
    if (s.readOnly) return { kind: "hold", reason: "read_only", localSha };
    if (s.refusedSha === localSha) return { kind: "hold", reason: "refused", localSha };
    return { kind: "push", localSha };
  }

  const remoteChanged = !base || remote.sha !== base.sha;

  if (localSha === undefined) {
    if (!base || remoteChanged) return { kind: "pull", remote, restore: base !== undefined };
    // A read-only mount mirrors the server, so a deleted file comes back.
    if (s.readOnly) return { kind: "pull", remote, restore: true };
    const since = s.missingSince ?? s.now;
    const waited = s.now - since;
    if (waited >= s.deleteDelayMs) return { kind: "delete_remote", remote, expectSha: base.sha };
    return { kind: "wait_delete", since, dueInMs: s.deleteDelayMs - waited };
  }

  const localChanged = !base || localSha !== base.sha;
  if (!remoteChanged) {
    // localSha differs from remote.sha == base.sha here, so the file was edited.
    if (s.readOnly) return { kind: "hold", reason: "read_only", base, localSha };
    if (s.refusedSha === localSha) return { kind: "hold", reason: "refused", base, localSha };
    return { kind: "push", remote, localSha };
  }
  if (!localChanged) return { kind: "pull", remote };
  return { kind: "conflict", remote, localSha };
}
