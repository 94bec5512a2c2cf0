// The results file and its markdown table.
import type { Row, Summary } from "./stats";

const f = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x) ? "–" : x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(digits);
const cell = (s?: Summary, value?: number) => (s ? `${f(s.median)} / ${f(s.p95)} / ${f(s.p99)}` : value !== undefined ? f(value) : "–");

export function markdownTable(title: string, machine: Record<string, unknown>, rows: Row[]): string {
  const lines = [
    `### ${title}`,
    "",
    `Machine: ${JSON.stringify(machine)}`,
    "",
    "| # | measurement | unit | Engram median / p95 / p99 (or value) | peer or ceiling | peer median / p95 / p99 (or value) | ratio | target | load avg (1/5/15 min) | note |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const target = r.target ? `${r.target} ${r.met === undefined ? "" : r.met ? "✅" : "❌"}` : "";
    const esc = (text = "") => text.replace(/\|/g, "\\|");
    lines.push(
      `| ${r.scenario} | ${esc(r.metric)} | ${r.unit} | ${cell(r.summary, r.value)} | ${esc(r.peer?.name)} | ${r.peer ? cell(r.peer.summary, r.peer.value) : ""} | ${r.ratio ? `${f(r.ratio, 2)}×` : ""} | ${target} | ${r.load.join(" / ")} | ${esc(r.note)} |`,
    );
  }
  return lines.join("\n") + "\n";
}
