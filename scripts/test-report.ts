// The failed tests of a vitest or Playwright JSON report, a line each with the first line of the
// error, so the end of `npm test`'s output says what failed (CI keeps only the tail of the log).
import { existsSync, readFileSync } from "node:fs";

const firstLine = (message: unknown) =>
  String(message ?? "")
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim()
    .slice(0, 240) ?? "";

type VitestReport = {
  testResults?: { name: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[]; message?: string; status?: string }[];
};
type PlaywrightSpec = { title: string; file: string; line: number; tests: { results: { status: string; error?: { message?: string } }[] }[] };
type PlaywrightSuite = { specs?: PlaywrightSpec[]; suites?: PlaywrightSuite[] };

export function failedTests(reportPath: string, limit = 20): string[] {
  if (!existsSync(reportPath)) return [`(no report at ${reportPath})`];
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as VitestReport & { suites?: PlaywrightSuite[] };
  const out: string[] = [];
  for (const file of report.testResults ?? []) {
    const name = file.name.replace(`${process.cwd()}/`, "");
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    if (failed.length === 0 && file.status === "failed") out.push(`${name}: ${firstLine(file.message)}`);
    for (const test of failed) out.push(`${name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  }
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      const results = spec.tests.flatMap((test) => test.results);
      const bad = results.find((result) => result.status !== "passed" && result.status !== "skipped");
      if (bad && !results.some((result) => result.status === "passed")) out.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(bad.error?.message)}`);
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out;
}
