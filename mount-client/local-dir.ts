// The mounted directory on disk: hash every synced file, write atomically, remove carefully.
import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { isMountPrivate, isTempFile, tempFileName } from "@/lib/mount/mount-paths";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Every synced regular file under `root`, by relative path, with the sha256 of its bytes. */
export async function scanDir(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string, prefix: string) => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    });
    for (const entry of entries) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel + "/");
      else if (entry.isFile() && !isMountPrivate(rel)) {
        const bytes = await readLocal(root, rel);
        if (bytes) files.set(rel, sha256(bytes));
      }
    }
  };
  await walk(root, "");
  return files;
}

/** Temp files a killed mount left behind; they never hold the only copy of anything. */
export async function removeStaleTemps(root: string): Promise<void> {
  const entries = await fsp.readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() && isTempFile(entry.name)) await fsp.rm(path.join(entry.parentPath, entry.name), { force: true });
  }
}

/** The file's bytes, or null when it is not there (deleted since the scan). */
export async function readLocal(root: string, rel: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(path.join(root, rel));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export async function hashLocal(root: string, rel: string): Promise<string | undefined> {
  const bytes = await readLocal(root, rel);
  return bytes ? sha256(bytes) : undefined;
}

/** Write through a temp file and a rename, so a reader or a crash never sees half a file. */
export async function writeAtomic(root: string, rel: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(root, rel);
  if (!target.startsWith(path.resolve(root) + path.sep)) throw new Error(`refusing to write outside the mount: ${rel}`);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), tempFileName(path.basename(target), randomBytes(6).toString("hex")));
  try {
    await fsp.writeFile(temp, content);
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rm(temp, { force: true });
    throw e;
  }
}

/** Remove a file and the directories it leaves empty, up to (not including) the root. */
export async function removeLocal(root: string, rel: string): Promise<void> {
  await fsp.rm(path.join(root, rel), { force: true });
  const parts = rel.split("/").slice(0, -1);
  while (parts.length > 0) {
    try {
      await fsp.rmdir(path.join(root, ...parts));
    } catch {
      return;
    }
    parts.pop();
  }
}

export async function localExists(root: string, rel: string): Promise<boolean> {
  return fsp.access(path.join(root, rel)).then(
    () => true,
    () => false,
  );
}

/** Decode strictly: a byte-order mark is kept, so the server hashes exactly the bytes on disk. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
