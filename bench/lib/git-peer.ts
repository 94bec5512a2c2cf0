// The git peer: what a team gets by keeping the memory folder in git. Histories are written
// with `git fast-import` (seconds for thousands of commits) so the bench measures git's reads
// and rewrites, not our loader.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";

export type PeerCommit = { author: string; time: number; message: string; files: { path: string; content: string }[] };

export function initRepo(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["config", "user.email", "bench@engram.local"]);
  git(dir, ["config", "user.name", "bench"]);
}

export function git(dir: string, args: string[], input?: string): string {
  const result = spawnSync("git", args, { cwd: dir, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** Streams commits into `git fast-import` on refs/heads/main, then checks the tree out. */
export async function fastImport(dir: string, commits: Iterable<PeerCommit>): Promise<void> {
  const child = spawn("git", ["fast-import", "--quiet", "--force"], { cwd: dir, stdio: ["pipe", "inherit", "inherit"] });
  const done = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  const write = (chunk: string) => (child.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once("drain", () => r())));
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let first = true;
  for (const commit of commits) {
    const who = `${commit.author} <${commit.author}@engram.local> ${Math.floor(commit.time / 1000)} +0000`;
    let chunk = `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\n${data(commit.message)}`;
    if (first) first = false;
    for (const file of commit.files) chunk += `M 100644 inline ${file.path}\n${data(file.content)}`;
    await write(chunk + "\n");
  }
  child.stdin.end();
  await done;
  git(dir, ["checkout", "-q", "-f", "main"]);
}
