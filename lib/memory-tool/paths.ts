import { parseMemoryPath } from "../memory-path";

// The tool addresses `/memories/...`; the store addresses the same files without that root.
export const MEMORY_ROOT = "/memories";

export type ToolPath = { kind: "root" } | { kind: "file-or-dir"; storePath: string };
export type ToolPathResult = { ok: true; target: ToolPath } | { ok: false; message: string };

function escapesRoot(rest: string): boolean {
  let depth = 0;
  for (const segment of rest.split("/")) {
    if (segment === "..") depth--;
    else if (segment !== "" && segment !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * Maps a tool path onto a store path. `allowTrailingSlash` is for commands that also take
 * directories (view, delete, rename), where `/memories/notes/` means `/memories/notes`.
 */
export function resolveToolPath(toolPath: string, allowTrailingSlash: boolean): ToolPathResult {
  if (!toolPath.startsWith(MEMORY_ROOT)) {
    return {
      ok: false,
      message: `Path must start with /memories, got: ${toolPath}`,
    };
  }
  const rest = toolPath.slice(MEMORY_ROOT.length);
  if (rest === "" || rest === "/") return { ok: true, target: { kind: "root" } };
  if (!rest.startsWith("/")) {
    return {
      ok: false,
      message: `Path must be /memories or start with /memories/, got: ${toolPath}`,
    };
  }
  if (escapesRoot(rest))
    return {
      ok: false,
      message: `Path ${toolPath} would escape /memories directory`,
    };
  const storePath = allowTrailingSlash && rest.endsWith("/") ? rest.slice(0, -1) : rest;
  const parsed = parseMemoryPath(storePath);
  if (!parsed.ok)
    return {
      ok: false,
      message: `Invalid path ${toolPath}: ${parsed.message}`,
    };
  return { ok: true, target: { kind: "file-or-dir", storePath } };
}

export function toToolPath(storePath: string): string {
  return MEMORY_ROOT + storePath;
}
