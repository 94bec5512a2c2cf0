// Which files in a mounted directory belong to the store, and how the mount names its own files.

/** The mount's state file at the directory root: baselines, pending deletes, refusals. */
export const STATE_FILE = ".engram-mount.json";

const TEMP_MARK = ".engram-tmp-";
const CONFLICT_SUFFIX = /\.conflict-\d{8}T\d{6}Z(-\d+)?$/;

/** True for paths the mount never syncs: its state file, its temp files, conflict copies. */
export function isMountPrivate(relPath: string): boolean {
  if (relPath === STATE_FILE) return true;
  const name = relPath.slice(relPath.lastIndexOf("/") + 1);
  return isTempFile(name) || CONFLICT_SUFFIX.test(name);
}

/** `notes.md` → `notes.md.conflict-20250102T030405Z`, or `…Z-2` when `taken` says that exists. */
export function conflictCopyPath(relPath: string, at: Date, taken: (candidate: string) => boolean = () => false): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  const first = `${relPath}.conflict-${stamp}`;
  if (!taken(first)) return first;
  for (let n = 2; ; n++) {
    const candidate = `${first}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

export function isTempFile(name: string): boolean {
  return name.includes(TEMP_MARK);
}

/** A temp file name beside `fileName`, hidden and never synced. */
export function tempFileName(fileName: string, nonce: string): string {
  return `.${fileName}${TEMP_MARK}${nonce}`;
}

/** The store's wire path for a relative file path, and back. */
export function toMemoryPath(relPath: string): string {
  return `/${relPath}`;
}

export function fromMemoryPath(memoryPath: string): string {
  return memoryPath.replace(/^\/+/, "");
}

/** Delay before retry `attempt` (0-based): doubling from `baseMs`, capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}
