import { describe, expect, it } from "vitest";
import { executeMemoryTool } from "./execute";
import { InMemoryFs } from "./in-memory-fs";

async function run(fs: InMemoryFs, input: unknown) {
  return executeMemoryTool(input, fs);
}

async function ok(fs: InMemoryFs, input: unknown): Promise<string> {
  const result = await run(fs, input);
  expect(result.isError, result.content).toBe(false);
  return result.content;
}

async function error(fs: InMemoryFs, input: unknown): Promise<string> {
  const result = await run(fs, input);
  expect(result.isError, result.content).toBe(true);
  return result.content;
}

const sample = () =>
  new InMemoryFs({
    "/notes.md": "alpha\nbeta\ngamma\n",
    "/projects/engram/todo.md": "one",
    "/projects/readme.md": "x".repeat(1536),
    "/projects/engram/deep/er.md": "hidden by depth",
    "/.secret": "hidden",
    "/node_modules/pkg.json": "{}",
    "/projects/.cache/x": "hidden",
  });

describe("view", () => {
  it("lists a directory two levels deep, skipping hidden items and node_modules", async () => {
    expect(await ok(sample(), { command: "view", path: "/memories" })).toBe(
      [
        "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:",
        "4K\t/memories",
        "17B\t/memories/notes.md",
        "4K\t/memories/projects/",
        "4K\t/memories/projects/engram/",
        "1.5K\t/memories/projects/readme.md",
      ].join("\n"),
    );
  });

  it("lists a subdirectory and an empty root", async () => {
    expect(await ok(sample(), { command: "view", path: "/memories/projects" })).toBe(
      [
        "Here're the files and directories up to 2 levels deep in /memories/projects, excluding hidden items and node_modules:",
        "4K\t/memories/projects",
        "4K\t/memories/projects/engram/",
        "4K\t/memories/projects/engram/deep/",
        "3B\t/memories/projects/engram/todo.md",
        "1.5K\t/memories/projects/readme.md",
      ].join("\n"),
    );
    expect(await ok(new InMemoryFs(), { command: "view", path: "/memories" })).toBe(
      "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n4K\t/memories",
    );
  });

  it("shows a file with 6-wide line numbers", async () => {
    expect(await ok(sample(), { command: "view", path: "/memories/notes.md" })).toBe(
      "Here's the content of /memories/notes.md with line numbers:\n     1\talpha\n     2\tbeta\n     3\tgamma\n     4\t",
    );
  });

  it("applies view_range, with -1 meaning the end", async () => {
    const fs = sample();
    expect(
      await ok(fs, {
        command: "view",
        path: "/memories/notes.md",
        view_range: [2, 3],
      }),
    ).toBe("Here's the content of /memories/notes.md with line numbers:\n     2\tbeta\n     3\tgamma");
    expect(
      await ok(fs, {
        command: "view",
        path: "/memories/notes.md",
        view_range: [3, -1],
      }),
    ).toBe("Here's the content of /memories/notes.md with line numbers:\n     3\tgamma\n     4\t");
  });

  it("reports a missing path", async () => {
    expect(await error(sample(), { command: "view", path: "/memories/nope" })).toBe(
      "Error: The path /memories/nope does not exist. Please provide a valid path.",
    );
  });

  it("refuses files with too many lines", async () => {
    const fs = new InMemoryFs({ "/big.txt": "\n".repeat(999_999) });
    expect(await error(fs, { command: "view", path: "/memories/big.txt" })).toBe(
      "Error: File /memories/big.txt has too many lines (1000000). Maximum is 999,999 lines.",
    );
  });
});

describe("create", () => {
  it("creates a file and its implicit directories", async () => {
    const fs = new InMemoryFs();
    expect(
      await ok(fs, {
        command: "create",
        path: "/memories/a/b.md",
        file_text: "hi",
      }),
    ).toBe("File created successfully at: /memories/a/b.md");
    expect(fs.snapshot()).toEqual({ "/a/b.md": "hi" });
  });

  it("refuses an existing file, directory or the root", async () => {
    const fs = sample();
    expect(
      await error(fs, {
        command: "create",
        path: "/memories/notes.md",
        file_text: "",
      }),
    ).toBe("Error: File /memories/notes.md already exists");
    expect(
      await error(fs, {
        command: "create",
        path: "/memories/projects",
        file_text: "",
      }),
    ).toBe("Error: File /memories/projects already exists");
    expect(await error(fs, { command: "create", path: "/memories", file_text: "" })).toBe("Error: File /memories already exists");
  });

  it("refuses a file below a file", async () => {
    expect(
      await error(sample(), {
        command: "create",
        path: "/memories/notes.md/x",
        file_text: "",
      }),
    ).toBe("Error: Cannot create /memories/notes.md/x: /memories/notes.md is a file, not a directory");
  });
});

describe("str_replace", () => {
  it("replaces a unique string and shows a snippet", async () => {
    const fs = new InMemoryFs({ "/f.md": "l1\nl2\nl3\nl4\nl5\nl6\nl7\n" });
    expect(
      await ok(fs, {
        command: "str_replace",
        path: "/memories/f.md",
        old_str: "l4",
        new_str: "L4$&",
      }),
    ).toBe(
      "The memory file has been edited. Here is the snippet showing the change (with line numbers):\n" +
        "     2\tl2\n     3\tl3\n     4\tL4$&\n     5\tl5\n     6\tl6",
    );
    expect(fs.files.get("/f.md")).toBe("l1\nl2\nl3\nL4$&\nl5\nl6\nl7\n");
  });

  it("reports a missing string", async () => {
    expect(
      await error(sample(), {
        command: "str_replace",
        path: "/memories/notes.md",
        old_str: "zeta",
        new_str: "",
      }),
    ).toBe("Error: No replacement was performed, old_str `zeta` did not appear verbatim in /memories/notes.md.");
  });

  it("reports multiple occurrences with their lines", async () => {
    const fs = new InMemoryFs({ "/f.md": "a x\nb\nc x\nx\n" });
    expect(
      await error(fs, {
        command: "str_replace",
        path: "/memories/f.md",
        old_str: "x",
        new_str: "y",
      }),
    ).toBe("Error: No replacement was performed. Multiple occurrences of old_str `x` in lines: 1, 3, 4. Please ensure it is unique");
  });

  it("replaces a multi-line string", async () => {
    const fs = new InMemoryFs({ "/f.md": "a\nb\nc\nd\n" });
    expect(
      await ok(fs, {
        command: "str_replace",
        path: "/memories/f.md",
        old_str: "b\nc",
        new_str: "B",
      }),
    ).toBe("The memory file has been edited. Here is the snippet showing the change (with line numbers):\n" + "     1\ta\n     2\tB\n     3\td\n     4\t");
    const twice = new InMemoryFs({ "/f.md": "a\nb\na\nb\n" });
    expect(
      await error(twice, {
        command: "str_replace",
        path: "/memories/f.md",
        old_str: "a\nb",
        new_str: "",
      }),
    ).toBe("Error: No replacement was performed. Multiple occurrences of old_str `a\nb` in lines: 1, 3. Please ensure it is unique");
  });

  it("refuses directories and missing files", async () => {
    const fs = sample();
    expect(
      await error(fs, {
        command: "str_replace",
        path: "/memories/projects",
        old_str: "a",
        new_str: "b",
      }),
    ).toBe("Error: The path /memories/projects is not a file.");
    expect(
      await error(fs, {
        command: "str_replace",
        path: "/memories",
        old_str: "a",
        new_str: "b",
      }),
    ).toBe("Error: The path /memories is not a file.");
    expect(
      await error(fs, {
        command: "str_replace",
        path: "/memories/none",
        old_str: "a",
        new_str: "b",
      }),
    ).toBe("Error: The path /memories/none does not exist. Please provide a valid path.");
  });
});

describe("insert", () => {
  it("inserts text at a line, dropping one trailing newline", async () => {
    const fs = new InMemoryFs({ "/f.md": "a\nb" });
    expect(
      await ok(fs, {
        command: "insert",
        path: "/memories/f.md",
        insert_line: 1,
        insert_text: "x\n",
      }),
    ).toBe("The file /memories/f.md has been edited.");
    expect(fs.files.get("/f.md")).toBe("a\nx\nb");
    await ok(fs, {
      command: "insert",
      path: "/memories/f.md",
      insert_line: 0,
      insert_text: "top",
    });
    await ok(fs, {
      command: "insert",
      path: "/memories/f.md",
      insert_line: 4,
      insert_text: "end",
    });
    expect(fs.files.get("/f.md")).toBe("top\na\nx\nb\nend");
  });

  it("refuses a line outside [0, n_lines]", async () => {
    const fs = new InMemoryFs({ "/f.md": "a\nb\n" });
    expect(
      await error(fs, {
        command: "insert",
        path: "/memories/f.md",
        insert_line: 4,
        insert_text: "x",
      }),
    ).toBe("Error: Invalid `insert_line` parameter: 4. It should be within the range of lines of the file: [0, 3]");
    expect(
      await error(fs, {
        command: "insert",
        path: "/memories/f.md",
        insert_line: -1,
        insert_text: "x",
      }),
    ).toBe("Error: Invalid `insert_line` parameter: -1. It should be within the range of lines of the file: [0, 3]");
  });

  it("refuses directories and missing files", async () => {
    expect(
      await error(sample(), {
        command: "insert",
        path: "/memories/projects",
        insert_line: 0,
        insert_text: "",
      }),
    ).toBe("Error: The path /memories/projects is not a file.");
    expect(
      await error(sample(), {
        command: "insert",
        path: "/memories/x",
        insert_line: 0,
        insert_text: "",
      }),
    ).toBe("Error: The path /memories/x does not exist. Please provide a valid path.");
  });
});

describe("delete", () => {
  it("deletes a file and a whole directory", async () => {
    const fs = sample();
    expect(await ok(fs, { command: "delete", path: "/memories/notes.md" })).toBe("Successfully deleted /memories/notes.md");
    expect(await ok(fs, { command: "delete", path: "/memories/projects" })).toBe("Successfully deleted /memories/projects");
    expect(fs.snapshot()).toEqual({
      "/.secret": "hidden",
      "/node_modules/pkg.json": "{}",
    });
  });

  it("refuses the root and missing paths", async () => {
    expect(await error(sample(), { command: "delete", path: "/memories" })).toBe("Error: Cannot delete the /memories directory itself");
    expect(await error(sample(), { command: "delete", path: "/memories/" })).toBe("Error: Cannot delete the /memories directory itself");
    expect(await error(sample(), { command: "delete", path: "/memories/nope" })).toBe("Error: The path /memories/nope does not exist");
  });
});

describe("rename", () => {
  it("renames a file and a directory", async () => {
    const fs = sample();
    expect(
      await ok(fs, {
        command: "rename",
        old_path: "/memories/notes.md",
        new_path: "/memories/archive/notes.md",
      }),
    ).toBe("Successfully renamed /memories/notes.md to /memories/archive/notes.md");
    await ok(fs, {
      command: "rename",
      old_path: "/memories/projects",
      new_path: "/memories/old",
    });
    expect(Object.keys(fs.snapshot())).toEqual([
      "/.secret",
      "/archive/notes.md",
      "/node_modules/pkg.json",
      "/old/.cache/x",
      "/old/engram/deep/er.md",
      "/old/engram/todo.md",
      "/old/readme.md",
    ]);
  });

  it("refuses to overwrite, to move the root or a missing path", async () => {
    const fs = sample();
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/notes.md",
        new_path: "/memories/projects/readme.md",
      }),
    ).toBe("Error: The destination /memories/projects/readme.md already exists");
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/notes.md",
        new_path: "/memories/projects",
      }),
    ).toBe("Error: The destination /memories/projects already exists");
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories",
        new_path: "/memories/x",
      }),
    ).toBe("Error: Cannot rename the /memories directory itself");
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/nope",
        new_path: "/memories/x",
      }),
    ).toBe("Error: The path /memories/nope does not exist");
  });

  it("refuses moves into itself, below a file, or past path limits", async () => {
    const fs = sample();
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/projects",
        new_path: "/memories/projects/sub",
      }),
    ).toBe("Error: Cannot rename /memories/projects to /memories/projects/sub, a path inside itself");
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/projects",
        new_path: "/memories/notes.md/p",
      }),
    ).toBe("Error: Cannot rename to /memories/notes.md/p: /memories/notes.md is a file, not a directory");
    const deep = "/memories" + "/d".repeat(18);
    expect(
      await error(fs, {
        command: "rename",
        old_path: "/memories/projects",
        new_path: deep,
      }),
    ).toBe(`Error: Cannot rename /memories/projects to ${deep}: ${deep}/engram/deep/er.md would be invalid. Path must have at most 20 segments (it has 21).`);
    expect(Object.keys(fs.snapshot())).toContain("/projects/readme.md");
  });
});

describe("paths", () => {
  it("requires /memories", async () => {
    expect(await error(sample(), { command: "view", path: "/etc/passwd" })).toBe("Error: Path must start with /memories, got: /etc/passwd");
    expect(await error(sample(), { command: "view", path: "/memories_backup" })).toBe(
      "Error: Path must be /memories or start with /memories/, got: /memories_backup",
    );
  });

  it("refuses traversal and invalid store paths", async () => {
    expect(await error(sample(), { command: "view", path: "/memories/../etc" })).toBe("Error: Path /memories/../etc would escape /memories directory");
    expect(
      await error(sample(), {
        command: "view",
        path: "/memories/a/../notes.md",
      }),
    ).toBe('Error: Invalid path /memories/a/../notes.md: Path must not contain "." or ".." segments.');
    expect(
      await error(sample(), {
        command: "create",
        path: "/memories/a%2e%2e",
        file_text: "",
      }),
    ).toBe("Error: Invalid path /memories/a%2e%2e: Path must not contain percent-encoded dots, slashes or backslashes (%2e, %2f, %5c).");
    expect(
      await error(sample(), {
        command: "create",
        path: "/memories/dir/",
        file_text: "",
      }),
    ).toBe('Error: Invalid path /memories/dir/: Path must name a file, so it must not end with "/".');
    expect(
      await error(sample(), {
        command: "create",
        path: "/memories/" + "é".repeat(600),
        file_text: "",
      }),
    ).toMatch(/^Error: Invalid path .*: Path must be at most 1,024 bytes in UTF-8 \(it is 1,201\)\.$/);
  });

  it("accepts a trailing slash on directories, echoing the path as given", async () => {
    expect(await ok(sample(), { command: "view", path: "/memories/projects/" })).toContain("4K\t/memories/projects//engram/");
  });
});

describe("input", () => {
  it("reports unknown or missing commands like the SDK", async () => {
    expect(await error(sample(), { command: "undo", path: "/memories" })).toBe("Error: undo not implemented");
    expect(await error(sample(), { path: "/memories" })).toBe("Error: undefined not implemented");
  });

  it("reports malformed fields", async () => {
    expect(await error(sample(), null)).toBe("Error: Invalid input: expected an object with a `command` field");
    expect(await error(sample(), { command: "view" })).toBe(
      "Error: Invalid input for the view command: `path`: Invalid input: expected string, received undefined",
    );
    expect(
      await error(sample(), {
        command: "insert",
        path: "/memories/notes.md",
        insert_line: 1.5,
        insert_text: "",
      }),
    ).toBe("Error: Invalid input for the insert command: `insert_line`: Invalid input: expected int, received number");
  });
});

describe("storage errors", () => {
  it("propagate so the caller can roll back", async () => {
    const fs = sample();
    fs.update = async () => {
      throw new Error("disk on fire");
    };
    await expect(
      executeMemoryTool(
        {
          command: "insert",
          path: "/memories/notes.md",
          insert_line: 0,
          insert_text: "x",
        },
        fs,
      ),
    ).rejects.toThrow("disk on fire");
  });
});
