import { parseMemoryPath } from "../memory-path";
import type { MemoryToolFs } from "./fs";
import { parseMemoryToolInput, type MemoryToolInput } from "./input";
import { resolveToolPath, toToolPath, type ToolPath } from "./paths";
import { MAX_LINES, numberedLine, renderDirectory, renderFile } from "./render";

// Runs one memory-tool command. Result and error texts match the SDK's
// BetaLocalFilesystemMemoryTool; storage errors propagate so the caller's transaction rolls back.

export type MemoryToolResult = { content: string; isError: boolean };

type Input<C extends MemoryToolInput["command"]> = Extract<MemoryToolInput, { command: C }>;

class ToolFailure extends Error {}

function fail(message: string): never {
  throw new ToolFailure(message);
}

export async function executeMemoryTool(raw: unknown, fs: MemoryToolFs): Promise<MemoryToolResult> {
  const parsed = parseMemoryToolInput(raw);
  if (!parsed.ok) return { content: `Error: ${parsed.error}`, isError: true };
  try {
    return { content: await run(parsed.input, fs), isError: false };
  } catch (e) {
    if (e instanceof ToolFailure) return { content: `Error: ${e.message}`, isError: true };
    throw e;
  }
}

function run(input: MemoryToolInput, fs: MemoryToolFs): Promise<string> {
  switch (input.command) {
    case "view":
      return view(input, fs);
    case "create":
      return create(input, fs);
    case "str_replace":
      return strReplace(input, fs);
    case "insert":
      return insert(input, fs);
    case "delete":
      return remove(input, fs);
    case "rename":
      return rename(input, fs);
  }
}

function resolve(toolPath: string, allowTrailingSlash: boolean): ToolPath {
  const result = resolveToolPath(toolPath, allowTrailingSlash);
  return result.ok ? result.target : fail(result.message);
}

function dirPrefix(target: ToolPath): string {
  return target.kind === "root" ? "/" : target.storePath + "/";
}

type Kind = "file" | "directory" | "missing";

async function kindOf(target: ToolPath, fs: MemoryToolFs): Promise<Kind> {
  if (target.kind === "root") return "directory";
  if (await fs.read(target.storePath)) return "file";
  return (await fs.list(dirPrefix(target))).length > 0 ? "directory" : "missing";
}

// The nearest ancestor that is a file, which would have to be a directory.
async function fileAncestor(storePath: string, fs: MemoryToolFs): Promise<string | null> {
  const segments = storePath.split("/");
  for (let n = 2; n < segments.length; n++) {
    const ancestor = segments.slice(0, n).join("/");
    if (await fs.read(ancestor)) return ancestor;
  }
  return null;
}

async function view(input: Input<"view">, fs: MemoryToolFs): Promise<string> {
  const target = resolve(input.path, true);
  if (target.kind === "file-or-dir") {
    const file = await fs.read(target.storePath);
    if (file) {
      const lines = file.content.split("\n");
      if (lines.length > MAX_LINES) {
        fail(`File ${input.path} has too many lines (${lines.length}). Maximum is 999,999 lines.`);
      }
      return renderFile(input.path, lines, input.view_range);
    }
  }
  const prefix = dirPrefix(target);
  const files = await fs.list(prefix);
  if (target.kind !== "root" && files.length === 0) {
    fail(`The path ${input.path} does not exist. Please provide a valid path.`);
  }
  return renderDirectory(input.path, prefix, files);
}

async function create(input: Input<"create">, fs: MemoryToolFs): Promise<string> {
  const target = resolve(input.path, false);
  if (target.kind === "root" || (await kindOf(target, fs)) !== "missing") fail(`File ${input.path} already exists`);
  const blocker = await fileAncestor(target.storePath, fs);
  if (blocker) fail(`Cannot create ${input.path}: ${toToolPath(blocker)} is a file, not a directory`);
  await fs.create(target.storePath, input.file_text);
  return `File created successfully at: ${input.path}`;
}

async function readEditable(toolPath: string, fs: MemoryToolFs): Promise<{ storePath: string; content: string }> {
  const target = resolve(toolPath, false);
  if (target.kind === "root") fail(`The path ${toolPath} is not a file.`);
  const file = await fs.read(target.storePath);
  if (file) return { storePath: target.storePath, content: file.content };
  if ((await kindOf(target, fs)) === "directory") fail(`The path ${toolPath} is not a file.`);
  return fail(`The path ${toolPath} does not exist. Please provide a valid path.`);
}

// Line numbers where old_str starts. The SDK matches line by line, so a multi-line old_str
// could never match there; here it is found in the whole text instead.
function occurrenceLines(content: string, lines: string[], oldStr: string): number[] {
  if (!oldStr.includes("\n")) {
    return lines.flatMap((line, i) => (line.includes(oldStr) ? [i + 1] : []));
  }
  const found = new Set<number>();
  for (let at = content.indexOf(oldStr); at !== -1; at = content.indexOf(oldStr, at + 1)) {
    found.add(content.slice(0, at).split("\n").length);
  }
  return [...found];
}

async function strReplace(input: Input<"str_replace">, fs: MemoryToolFs): Promise<string> {
  const { storePath, content } = await readEditable(input.path, fs);
  const matching = occurrenceLines(content, content.split("\n"), input.old_str);
  if (matching.length === 0) {
    fail(`No replacement was performed, old_str \`${input.old_str}\` did not appear verbatim in ${input.path}.`);
  }
  if (matching.length > 1) {
    fail(`No replacement was performed. Multiple occurrences of old_str \`${input.old_str}\` in lines: ${matching.join(", ")}. Please ensure it is unique`);
  }
  const updated = content.replace(input.old_str, () => input.new_str);
  await fs.update(storePath, updated);
  const newLines = updated.split("\n");
  const changed = matching[0] - 1;
  const from = Math.max(0, changed - 2);
  const to = Math.min(newLines.length, changed + 3);
  const snippet = newLines.slice(from, to).map((line, i) => numberedLine(from + i + 1, line));
  return `The memory file has been edited. Here is the snippet showing the change (with line numbers):\n${snippet.join("\n")}`;
}

async function insert(input: Input<"insert">, fs: MemoryToolFs): Promise<string> {
  const { storePath, content } = await readEditable(input.path, fs);
  const lines = content.split("\n");
  if (input.insert_line < 0 || input.insert_line > lines.length) {
    fail(`Invalid \`insert_line\` parameter: ${input.insert_line}. It should be within the range of lines of the file: [0, ${lines.length}]`);
  }
  lines.splice(input.insert_line, 0, input.insert_text.replace(/\n$/, ""));
  await fs.update(storePath, lines.join("\n"));
  return `The file ${input.path} has been edited.`;
}

async function remove(input: Input<"delete">, fs: MemoryToolFs): Promise<string> {
  const target = resolve(input.path, true);
  if (target.kind === "root") fail("Cannot delete the /memories directory itself");
  const kind = await kindOf(target, fs);
  if (kind === "missing") fail(`The path ${input.path} does not exist`);
  if (kind === "file") await fs.remove(target.storePath);
  else for (const file of await fs.list(dirPrefix(target))) await fs.remove(file.path);
  return `Successfully deleted ${input.path}`;
}

async function rename(input: Input<"rename">, fs: MemoryToolFs): Promise<string> {
  const from = resolve(input.old_path, true);
  const to = resolve(input.new_path, true);
  if (from.kind === "root") fail("Cannot rename the /memories directory itself");
  if (to.kind === "root" || (await kindOf(to, fs)) !== "missing") {
    fail(`The destination ${input.new_path} already exists`);
  }
  const kind = await kindOf(from, fs);
  if (kind === "missing") fail(`The path ${input.old_path} does not exist`);
  if (to.storePath.startsWith(from.storePath + "/")) {
    fail(`Cannot rename ${input.old_path} to ${input.new_path}, a path inside itself`);
  }
  const blocker = await fileAncestor(to.storePath, fs);
  if (blocker) fail(`Cannot rename to ${input.new_path}: ${toToolPath(blocker)} is a file, not a directory`);
  const moves =
    kind === "file"
      ? [{ from: from.storePath, to: to.storePath }]
      : (await fs.list(dirPrefix(from))).map((f) => ({
          from: f.path,
          to: to.storePath + f.path.slice(from.storePath.length),
        }));
  // Moving a directory can push a file below it past the path limits.
  for (const move of moves) {
    const check = parseMemoryPath(move.to);
    if (!check.ok) fail(`Cannot rename ${input.old_path} to ${input.new_path}: ${toToolPath(move.to)} would be invalid. ${check.message}`);
  }
  for (const move of moves) await fs.rename(move.from, move.to);
  return `Successfully renamed ${input.old_path} to ${input.new_path}`;
}
