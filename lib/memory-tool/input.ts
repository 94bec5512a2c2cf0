import { z } from "zod";

// Input of the client-side memory tool (`memory_20250818`), as the model sends it.
const path = z.string();

export const memoryToolInputSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("view"),
    path,
    view_range: z.array(z.number().int()).optional(),
  }),
  z.object({ command: z.literal("create"), path, file_text: z.string() }),
  z.object({
    command: z.literal("str_replace"),
    path,
    old_str: z.string(),
    new_str: z.string(),
  }),
  z.object({
    command: z.literal("insert"),
    path,
    insert_line: z.number().int(),
    insert_text: z.string(),
  }),
  z.object({ command: z.literal("delete"), path }),
  z.object({ command: z.literal("rename"), old_path: path, new_path: path }),
]);

export type MemoryToolInput = z.infer<typeof memoryToolInputSchema>;
export type MemoryToolCommand = MemoryToolInput["command"];

const COMMANDS: readonly string[] = ["view", "create", "str_replace", "insert", "delete", "rename"];

export type ParsedInput = { ok: true; input: MemoryToolInput } | { ok: false; error: string };

/** Parses tool input; on failure returns the error text (without the `Error: ` prefix). */
export function parseMemoryToolInput(raw: unknown): ParsedInput {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      error: "Invalid input: expected an object with a `command` field",
    };
  }
  const command = (raw as { command?: unknown }).command;
  // Same text as the SDK's betaMemoryTool for a command it has no handler for.
  if (typeof command !== "string" || !COMMANDS.includes(command)) {
    return { ok: false, error: `${String(command)} not implemented` };
  }
  const parsed = memoryToolInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  const problems = parsed.error.issues.map((issue) => `\`${issue.path.join(".")}\`: ${issue.message}`);
  return {
    ok: false,
    error: `Invalid input for the ${command} command: ${problems.join("; ")}`,
  };
}
