// One shape for every CLI command: its usage line, its options, and a run function. runCommand
// parses strictly (node:util parseArgs: unknown options are refused with the usage), answers
// --help/-h with the usage, and gives the command an output that is JSON with --json.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { systemContext } from "./system-context";
import type { RequestContext } from "@/server/auth/principal";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | undefined>;

export type Output = {
  json: boolean;
  /** Prints `data` as JSON with --json, else the human text. */
  print: (data: unknown, human: () => string) => void;
};

export type Command = {
  usage: string;
  options?: Options;
  run: (input: { values: Values; positionals: string[]; out: Output; ctx: () => Promise<RequestContext> }) => Promise<number>;
};

export class UsageError extends Error {}

export async function runCommand(command: Command, args: string[]): Promise<number> {
  const usage = `Usage: npm run cli -- ${command.usage}`;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const json = Boolean(parsed.values.json);
  const out: Output = { json, print: (data, human) => console.log(json ? JSON.stringify(data, null, 2) : human()) };
  try {
    return await command.run({ ...parsed, out, ctx: systemContext });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage}`);
    return 2;
  }
}

/** A required option's value, or a usage error naming it. */
export function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}
