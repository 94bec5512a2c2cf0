// Markdown that looks like agent memory, made fast: a pool of documents built once from a small
// vocabulary, then reused with a per-version header so every version is distinct text of a
// realistic size without generating megabytes per row.
import { createHash } from "node:crypto";
import { mulberry32 } from "@/lib/mulberry32";

/** Planted in 1% of bulk versions; scenario 5 redacts it. */
export const PLANTED = "sk-bench-PLANTED-7f3a9c2e41d8";

const WORDS = (
  "agent memory store session customer project deadline budget meeting summary decision follow up " +
  "preference user prefers concise answers python typescript deploy staging production incident " +
  "postgres sqlite latency cache invoice contract renewal quarter roadmap feature flag migration " +
  "schema index query review approved blocked risk owner team design spec test coverage release " +
  "note remember always never avoid prefer context tool result error retry timeout rate limit key"
).split(" ");

/** Deterministic PRNG (mulberry32) so a profile always produces the same dataset shape. */
export const rng = mulberry32;

function sentence(rand: () => number): string {
  const n = 6 + Math.floor(rand() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(" ") + ".";
}

/** One markdown document of about `bytes` bytes: headings, bullets and paragraphs. */
export function markdown(rand: () => number, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const r = rand();
    const block = r < 0.15 ? `## ${sentence(rand).slice(0, 40)}` : r < 0.6 ? `- ${sentence(rand)}` : `${sentence(rand)} ${sentence(rand)} ${sentence(rand)}`;
    parts.push(block);
    size += block.length + 1;
  }
  return parts.join("\n").slice(0, bytes) + "\n";
}

/**
 * Sizes between 0.2 and 20 kB, skewed small as memory files are (median about 1 kB, mean about
 * 2.5 kB): 200 · 100^(u^1.5).
 */
export function memorySize(rand: () => number): number {
  return Math.round(200 * Math.pow(100, Math.pow(rand(), 1.5)));
}

export function contentPool(count: number, seed = 7): string[] {
  const rand = rng(seed);
  return Array.from({ length: count }, () => markdown(rand, memorySize(rand)));
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
export const bytes = (text: string) => Buffer.byteLength(text, "utf8");
