// Percentiles and timing helpers shared by the scenarios.
import os from "node:os";

export type Summary = { n: number; median: number; p95: number; p99: number; min: number; max: number };

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

/** Milliseconds taken by `fn`. */
export async function time(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** `runs` timings of `fn` after `warmup` untimed calls. */
export async function sample(runs: number, fn: () => unknown, warmup = 50): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await time(fn));
  return out;
}

export const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

export type Row = {
  scenario: string;
  metric: string;
  unit: string;
  summary?: Summary;
  value?: number;
  peer?: { name: string; summary?: Summary; value?: number };
  /** Engram's advantage over the peer, measured in the same run (>1 = Engram faster). */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
  load: number[];
};
