// The command script both memory-tool tests replay, in an order where each step sees the state
// the previous ones left: the SDK parity test (sdk-parity.test.ts) runs it through the SDK's own
// local-filesystem tool, the endpoint test (test/integration/memory-tool.test.ts) through the API.
// Entries marked engramOnly are Engram's deliberate differences or malformed input, which the
// parity test skips.
export type ScriptCommand = { command: unknown } & Record<string, unknown>;

const engramOnlyCommands = new Set<ScriptCommand>();
const engramOnly = (command: ScriptCommand) => (engramOnlyCommands.add(command), command);

export const isEngramOnly = (command: ScriptCommand) => engramOnlyCommands.has(command);

export const commandScript: ScriptCommand[] = ([] = [
  { command: "view", path: "/memories" },
  { command: "create", path: "/memories/notes.md", file_text: "alpha\nbeta\ngamma\n" },
  { command: "create", path: "/memories/notes.md", file_text: "again" },
  { command: "create", path: "/memories/projects/engram/todo.md", file_text: "- ship\n- test\n- ship again" },
  { command: "create", path: "/memories/projects/engram/deep/er.md", file_text: "deep" },
  { command: "create", path: "/memories/projects/readme.md", file_text: "r".repeat(2000) },
  { command: "create", path: "/memories/.hidden/x.md", file_text: "x" },
  { command: "create", path: "/memories/node_modules/x.md", file_text: "x" },
  { command: "create", path: "/memories/B-upper.md", file_text: "" },
  { command: "create", path: "/memories/projects", file_text: "dir" },
  { command: "create", path: "/memories", file_text: "root" },
  engramOnly({ command: "create", path: "/memories/notes.md/child.md", file_text: "under a file" }),
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
  engramOnly({ command: "view", path: "/memories_backup/x.md" }),
  { command: "view", path: "/memories/../etc" },
  { command: "str_replace", path: "/memories/notes.md", old_str: "beta", new_str: "BETA $& $1" },
  { command: "str_replace", path: "/memories/notes.md", old_str: "zeta", new_str: "z" },
  { command: "str_replace", path: "/memories/projects/engram/todo.md", old_str: "ship", new_str: "sail" },
  { command: "str_replace", path: "/memories/projects/engram/todo.md", old_str: "test", new_str: "verify\nand check" },
  { command: "str_replace", path: "/memories/projects", old_str: "a", new_str: "b" },
  { command: "str_replace", path: "/memories", old_str: "a", new_str: "b" },
  { command: "str_replace", path: "/memories/none.md", old_str: "a", new_str: "b" },
  { command: "str_replace", path: "/memories/B-upper.md", old_str: "", new_str: "filled" },
  { command: "view", path: "/memories/projects/engram/todo.md" },
  { command: "insert", path: "/memories/notes.md", insert_line: 0, insert_text: "first\n" },
  { command: "insert", path: "/memories/notes.md", insert_line: 5, insert_text: "last" },
  { command: "insert", path: "/memories/notes.md", insert_line: 7, insert_text: "nope" },
  { command: "insert", path: "/memories/notes.md", insert_line: -1, insert_text: "nope" },
  { command: "insert", path: "/memories/projects", insert_line: 0, insert_text: "x" },
  { command: "insert", path: "/memories/none.md", insert_line: 0, insert_text: "x" },
  { command: "view", path: "/memories/notes.md" },
  { command: "rename", old_path: "/memories/notes.md", new_path: "/memories/archive/notes.md" },
  { command: "rename", old_path: "/memories/archive/notes.md", new_path: "/memories/projects/readme.md" },
  { command: "rename", old_path: "/memories/archive", new_path: "/memories/projects" },
  { command: "rename", old_path: "/memories", new_path: "/memories/elsewhere" },
  { command: "rename", old_path: "/memories/ghost.md", new_path: "/memories/spirit.md" },
  engramOnly({ command: "rename", old_path: "/memories/projects", new_path: "/memories/projects/inner" }),
  { command: "rename", old_path: "/memories/projects", new_path: "/memories/old/projects" },
  { command: "view", path: "/memories" },
  { command: "delete", path: "/memories/B-upper.md" },
  { command: "delete", path: "/memories/B-upper.md" },
  { command: "delete", path: "/memories/archive" },
  { command: "delete", path: "/memories/old" },
  { command: "delete", path: "/memories" },
  { command: "delete", path: "/memories/" },
  { command: "view", path: "/memories" },
  // Malformed input, as a model might emit it.
  engramOnly({ command: "explode", path: "/memories" }),
  engramOnly({ command: "create", path: "/memories/x.md" }),
  engramOnly({ command: "insert", path: "/memories/x.md", insert_line: "1", insert_text: "x" }),
]);
