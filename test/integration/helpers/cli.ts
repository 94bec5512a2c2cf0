// The operator CLI (`npm run cli -- …`, scripts/cli.ts) as a child process, against the test
// run's database unless `env` names another.
import { execFile } from "node:child_process";
import { root, tsxArgs } from "./spawn-server";

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs the CLI with `args` and process.env plus `env`; answers its exit code and output, never throws. */
export function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...tsxArgs("scripts/cli.ts"), ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
