/** A file of the tree: what the list API returns in path order. */
export type TreeFile = { id: string; path: string; size: number | null; updatedAt: string };

export type TreeRow =
  | { kind: "dir"; path: string; name: string; depth: number; size: number; files: number; collapsed: boolean }
  | { kind: "file"; file: TreeFile; name: string; depth: number };

/**
 * Rows of a collapsible tree from files sorted by path: a directory row is emitted where a new
 * directory begins, and the rows below a collapsed directory are skipped. Linear in the files,
 * so 10,000 memories rebuild in a few milliseconds.
 */
export function buildTreeRows(files: TreeFile[], collapsed: ReadonlySet<string>, filter = ""): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const shown = needle ? files.filter((file) => file.path.toLowerCase().includes(needle)) : files;
  const totals = new Map<string, { size: number; files: number }>();
  for (const file of shown) {
    for (const dir of ancestors(file.path)) {
      const total = totals.get(dir) ?? { size: 0, files: 0 };
      total.size += file.size ?? 0;
      total.files += 1;
      totals.set(dir, total);
    }
  }
  const rows: TreeRow[] = [];
  let open: string[] = [];
  for (const file of shown) {
    const dirs = ancestors(file.path);
    let common = 0;
    while (common < open.length && common < dirs.length && open[common] === dirs[common]) common++;
    for (let i = common; i < dirs.length; i++) {
      if (dirs.slice(0, i).some((dir) => collapsed.has(dir))) break;
      const total = totals.get(dirs[i])!;
      rows.push({ kind: "dir", path: dirs[i], name: baseName(dirs[i]), depth: i, size: total.size, files: total.files, collapsed: collapsed.has(dirs[i]) });
    }
    open = dirs;
    if (dirs.some((dir) => collapsed.has(dir))) continue;
    rows.push({ kind: "file", file, name: baseName(file.path), depth: dirs.length });
  }
  return rows;
}

/** "/a/b/c.md" → ["/a", "/a/b"] */
export function ancestors(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  const dirs: string[] = [];
  for (let i = 1; i < parts.length; i++) dirs.push(`/${parts.slice(0, i).join("/")}`);
  return dirs;
}

function baseName(path: string) {
  return path.slice(path.lastIndexOf("/") + 1);
}
