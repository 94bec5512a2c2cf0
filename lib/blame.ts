import { diffSequences } from "./myers";
import { splitLines } from "./text-diff";

export type BlameVersion = { id: string; content: string | null };
export type BlameLine = { line: string; versionId: string };

/**
 * Attributes each line of the newest version to the version that last introduced it, by
 * carrying attributions through the line diff of each consecutive pair (oldest first).
 * A null content (deleted or redacted) counts as empty, so later lines restart there.
 */
export function blame(versions: BlameVersion[]): BlameLine[] {
  const ids = new Map<string, number>();
  let prev = new Int32Array(0);
  let owners: string[] = [];
  let lines: string[] = [];
  for (const version of versions) {
    lines = splitLines(version.content ?? "").lines;
    const tokens = new Int32Array(lines.length);
    lines.forEach((line, i) => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      tokens[i] = id;
    });
    const { removed, added } = diffSequences(prev, tokens);
    const next: string[] = new Array(lines.length);
    let i = 0;
    for (let j = 0; j < lines.length; j++) {
      if (added[j]) {
        next[j] = version.id;
        continue;
      }
      while (removed[i]) i++;
      next[j] = owners[i++];
    }
    prev = tokens;
    owners = next;
  }
  return lines.map((line, j) => ({ line, versionId: owners[j] }));
}
