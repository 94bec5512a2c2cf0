// What a file's history shows first, as pure functions of the URL and the loaded versions: the
// history panel renders from them and the store page's server render prefills exactly the answers
// they name, so the two can never ask for different versions.

/** Versions per page of the history list (usePagedList's limit, and the server's first page). */
export const HISTORY_PAGE = 100;

/** The history's state in the URL: one version viewed, or two compared. */
export type Selection = { version: string | null; from: string | null; to: string | null };

/** What the version pane shows: two versions side by side, or one with the diff against its predecessor. */
export type VersionPane = { kind: "compare"; from: string; to: string } | { kind: "single"; viewed: string | null; previous: string | null };

/**
 * The pane for a selection over the versions loaded so far (newest first): the chosen version, else
 * the head. Its predecessor is the next row; none when it is the oldest loaded, or not loaded at all.
 */
export function versionPane(selection: Selection, rows: readonly { id: string }[]): VersionPane {
  if (selection.from && selection.to) return { kind: "compare", from: selection.from, to: selection.to };
  const viewed = selection.version ?? rows[0]?.id ?? null;
  const index = viewed ? rows.findIndex((row) => row.id === viewed) : -1;
  return { kind: "single", viewed, previous: index >= 0 ? (rows[index + 1]?.id ?? null) : null };
}
