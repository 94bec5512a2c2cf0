// What a mount tells its owner: one report per thing that happened, plus a summary per sync.

export type SyncSummary = {
  pulled: number;
  pushed: number;
  removedLocal: number;
  deletedRemote: number;
  conflicts: number;
  refused: number;
  held: number;
  pendingDeletes: number;
};

export type MountReport =
  | { type: "downloaded"; files: number }
  | { type: "pulled"; path: string }
  | { type: "pushed"; path: string; created: boolean; memoryVersionId: string }
  /** The memory was deleted on the server, so its file was removed. */
  | { type: "removed_local"; path: string }
  | { type: "deleted_remote"; path: string }
  | { type: "delete_pending"; path: string; dueInMs: number }
  /** Both sides changed: the server version is in place, the local edit is in `conflictCopy`. */
  | { type: "conflict"; path: string; conflictCopy: string }
  /** The server (or the UTF-8 check) refused the file; it stays unsynced until it changes. */
  | { type: "refused"; path: string; status: number | null; message: string }
  /** The server holds the change for review (a key with propose access); memory is unchanged until approved. */
  | { type: "proposed"; path: string; proposalId: string }
  /** A local change a read-only mount does not push. */
  | { type: "read_only"; path: string }
  | { type: "warning"; message: string }
  | { type: "unreachable"; message: string; attempt: number; retryInMs: number }
  /** The final sync gave up after its time bound; unsynced changes stay on disk and in the state file. */
  | { type: "flush_incomplete"; message: string }
  | { type: "synced"; summary: SyncSummary };

export function emptySummary(): SyncSummary {
  return { pulled: 0, pushed: 0, removedLocal: 0, deletedRemote: 0, conflicts: 0, refused: 0, held: 0, pendingDeletes: 0 };
}

export function isIdle(s: SyncSummary): boolean {
  return s.pulled + s.pushed + s.removedLocal + s.deletedRemote + s.conflicts === 0;
}
