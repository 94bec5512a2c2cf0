import "server-only";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { badRequest } from "../http/api-error";
import { addFile, type ImportSource } from "./import-source";

/** A plain directory of memory files (CLI import). Symlinks and special files are refused, not followed. */
export async function readDirectory(root: string): Promise<ImportSource> {
  const source: ImportSource = { files: new Map() };
  async function walk(dir: string) {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const info = await lstat(full);
      const relative = path.relative(root, full).split(path.sep).join("/");
      if (info.isSymbolicLink()) throw badRequest(`${relative} is a symbolic link; only regular files are imported`);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) addFile(source, relative, await readFile(full));
      else throw badRequest(`${relative} is not a regular file`);
    }
  }
  await walk(root);
  return source;
}
