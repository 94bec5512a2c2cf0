// Runs the same commands through the SDK's own local-filesystem memory tool and through
// executeMemoryTool, and requires identical text. Node-only, which is fine in a test.
import { BetaLocalFilesystemMemoryTool } from "@anthropic-ai/sdk/tools/memory/node";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { executeMemoryTool, type MemoryToolResult } from "./execute";
import { InMemoryFs } from "./in-memory-fs";

const base = mkdtempSync(join(tmpdir(), "engram-memory-tool-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

type Command = { command: string } & Record<string, unknown>;

async function sdkRun(tool: BetaLocalFilesystemMemoryTool, input: Command): Promise<MemoryToolResult> {
  try {
    const handler = (tool as unknown as Record<string, (c: Command) => Promise<string>>)[input.command];
    return { content: await handler.call(tool, input), isError: false };
  } catch (e) {
    return { content: `Error: ${(e as Error).message}`, isError: true };
  }
}

// Directory sizes in the SDK's listings come from the host filesystem; ours mimic ext4.
const dirSizeIs4K = statSync(base).size === 4096;

const script: Command[] = [
  { command: "view", path: "/memories" },
  {
    command: "create",
    path: "/memories/notes.md",
    file_text: "alpha\nbeta\ngamma\n",
  },
  { command: "create", path: "/memories/notes.md", file_text: "again" },
  {
    command: "create",
    path: "/memories/projects/engram/todo.md",
    file_text: "- ship\n- test\n- ship again",
  },
  {
    command: "create",
    path: "/memories/projects/engram/deep/er.md",
    file_text: "deep",
  },
  {
    command: "create",
    path: "/memories/projects/readme.md",
    file_text: "r".repeat(2000),
  },
  { command: "create", path: "/memories/.hidden/x.md", file_text: "x" },
  { command: "create", path: "/memories/node_modules/x.md", file_text: "x" },
  { command: "create", path: "/memories/B-upper.md", file_text: "" },
  { command: "create", path: "/memories/projects", file_text: "dir" },
  { command: "create", path: "/memories", file_text: "root" },
  { command: "view", path: "/memories" },
  { command: "view", path: "/memories/projects" },
  { command: "view", path: "/memories/projects/" },
  { command: "view", path: "/memories/notes.md" },
  { command: "view", path: "/memories/B-upper.md" },
  { command: "view", path: "/memories/notes.md", view_range: [2, 3] },
  { command: "view", path: "/memories/notes.md", view_range: [0, -1] },
  { command: "view", path: "/memories/notes.md", view_range: [3, 1] },
  { command: "view", path: "/memories/notes.md", view_range: [2] },
  { command: "view", path: "/memories/missing.md" },
  { command: "view", path: "/etc/passwd" },
  { command: "view", path: "/memories/../etc" },
  {
    command: "str_replace",
    path: "/memories/notes.md",
    old_str: "beta",
    new_str: "BETA $& $1",
  },
  {
    command: "str_replace",
    path: "/memories/notes.md",
    old_str: "zeta",
    new_str: "z",
  },
  {
    command: "str_replace",
    path: "/memories/projects/engram/todo.md",
    old_str: "ship",
    new_str: "sail",
  },
  {
    command: "str_replace",
    path: "/memories/projects/engram/todo.md",
    old_str: "test",
    new_str: "verify\nand check",
  },
  {
    command: "str_replace",
    path: "/memories/projects",
    old_str: "a",
    new_str: "b",
  },
  { command: "str_replace", path: "/memories", old_str: "a", new_str: "b" },
  {
    command: "str_replace",
    path: "/memories/none.md",
    old_str: "a",
    new_str: "b",
  },
  {
    command: "str_replace",
    path: "/memories/B-upper.md",
    old_str: "",
    new_str: "filled",
  },
  { command: "view", path: "/memories/projects/engram/todo.md" },
  {
    command: "insert",
    path: "/memories/notes.md",
    insert_line: 0,
    insert_text: "first\n",
  },
  {
    command: "insert",
    path: "/memories/notes.md",
    insert_line: 5,
    insert_text: "last",
  },
  {
    command: "insert",
    path: "/memories/notes.md",
    insert_line: 7,
    insert_text: "nope",
  },
  {
    command: "insert",
    path: "/memories/notes.md",
    insert_line: -1,
    insert_text: "nope",
  },
  {
    command: "insert",
    path: "/memories/projects",
    insert_line: 0,
    insert_text: "x",
  },
  {
    command: "insert",
    path: "/memories/none.md",
    insert_line: 0,
    insert_text: "x",
  },
  { command: "view", path: "/memories/notes.md" },
  {
    command: "rename",
    old_path: "/memories/notes.md",
    new_path: "/memories/archive/notes.md",
  },
  {
    command: "rename",
    old_path: "/memories/archive/notes.md",
    new_path: "/memories/projects/readme.md",
  },
  {
    command: "rename",
    old_path: "/memories/archive",
    new_path: "/memories/projects",
  },
  { command: "rename", old_path: "/memories", new_path: "/memories/elsewhere" },
  {
    command: "rename",
    old_path: "/memories/ghost.md",
    new_path: "/memories/spirit.md",
  },
  {
    command: "rename",
    old_path: "/memories/projects",
    new_path: "/memories/old/projects",
  },
  { command: "view", path: "/memories" },
  // Deleting the last file of a directory leaves an empty directory on disk but not in a store
  // (directories are implicit), so deletes here take whole directories or top-level files.
  { command: "delete", path: "/memories/B-upper.md" },
  { command: "delete", path: "/memories/B-upper.md" },
  { command: "delete", path: "/memories/archive" },
  { command: "delete", path: "/memories/old" },
  { command: "delete", path: "/memories" },
  { command: "delete", path: "/memories/" },
  { command: "view", path: "/memories" },
];

describe.skipIf(!dirSizeIs4K)("parity with the SDK's local-filesystem memory tool", async () => {
  const sdk = await BetaLocalFilesystemMemoryTool.init(base);
  const ours = new InMemoryFs();
  // Sequential: each step depends on the state the previous ones left.
  it("produces identical results for every command in the script", async () => {
    const mismatches: string[] = [];
    for (const input of script) {
      const expected = await sdkRun(sdk, input);
      const actual = await executeMemoryTool(input, ours);
      if (expected.content !== actual.content || expected.isError !== actual.isError) {
        mismatches.push(`${JSON.stringify(input)}\n  sdk:  ${JSON.stringify(expected)}\n  ours: ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches.join("\n")).toBe("");
  });
});
