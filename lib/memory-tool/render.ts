import { humanSize } from "../human-size";
import type { MemoryToolFile } from "./fs";

// Text of `view` results, byte for byte as the SDK's local-filesystem memory tool prints it.

export const MAX_LINES = 999_999;
const LINE_NUMBER_WIDTH = String(MAX_LINES).length;
// An implicit directory has no size of its own; the SDK prints the inode size, 4 KiB on ext4.
const DIRECTORY_SIZE = humanSize(4096);

export function numberedLine(lineNo: number, line: string): string {
  return `${String(lineNo).padStart(LINE_NUMBER_WIDTH, " ")}\t${line}`;
}

type Node = { size: string; children: Map<string, Node> | null };

function isHidden(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

// Two levels of the tree below `prefix`, built from the flat file list.
function buildTree(prefix: string, files: MemoryToolFile[]): Map<string, Node> {
  const root = new Map<string, Node>();
  for (const file of files) {
    const [first, second, ...deeper] = file.path.slice(prefix.length).split("/");
    if (isHidden(first)) continue;
    if (second === undefined) {
      root.set(first, { size: humanSize(file.sizeBytes), children: null });
      continue;
    }
    let dir = root.get(first);
    if (!dir) root.set(first, (dir = { size: DIRECTORY_SIZE, children: new Map() }));
    if (isHidden(second) || !dir.children) continue;
    const isDir = deeper.length > 0;
    dir.children.set(second, isDir ? { size: DIRECTORY_SIZE, children: new Map() } : { size: humanSize(file.sizeBytes), children: null });
  }
  return root;
}

function sortedEntries(map: Map<string, Node>): [string, Node][] {
  // Array#sort's default order (UTF-16 code units), as the SDK uses on readdir output.
  const names = [...map.keys()].sort();
  return names.map((name) => [name, map.get(name)!]);
}

export function renderDirectory(toolPath: string, prefix: string, files: MemoryToolFile[]): string {
  const lines = [`${DIRECTORY_SIZE}\t${toolPath}`];
  for (const [name, node] of sortedEntries(buildTree(prefix, files))) {
    lines.push(`${node.size}\t${toolPath}/${name}${node.children ? "/" : ""}`);
    if (!node.children) continue;
    for (const [child, sub] of sortedEntries(node.children)) {
      lines.push(`${sub.size}\t${toolPath}/${name}/${child}${sub.children ? "/" : ""}`);
    }
  }
  const header = `Here're the files and directories up to 2 levels deep in ${toolPath}, excluding hidden items and node_modules:`;
  return `${header}\n${lines.join("\n")}`;
}

export function renderFile(toolPath: string, lines: string[], viewRange: number[] | undefined): string {
  let shown = lines;
  let startNo = 1;
  // Mirrors the SDK exactly, including its leniency: no range checks, -1 means "to the end".
  if (viewRange && viewRange.length === 2) {
    const start = Math.max(1, viewRange[0]) - 1;
    const end = viewRange[1] === -1 ? lines.length : viewRange[1];
    shown = lines.slice(start, end);
    startNo = start + 1;
  }
  const numbered = shown.map((line, i) => numberedLine(i + startNo, line));
  return `Here's the content of ${toolPath} with line numbers:\n${numbered.join("\n")}`;
}
