import { keywords, type Detection } from "./detection";
import { detectKeyShapes, KEY_SHAPE_WORDS } from "./key-shapes";
import { detectPersonalData } from "./personal-data";
import { detectWithSecretlint, SECRETLINT_WORDS } from "./secretlint-rules";

export type { Detection } from "./detection";

/** Texts longer than this are scanned in their first part only (memories are small; this bounds a worker's time). */
export const MAX_SCAN_CHARS = 1_000_000;

/** Every word a secret pattern needs: a text with none of them (most memory text) skips them all in one scan. */
const ANY_SECRET_WORD = keywords(...new Set([...SECRETLINT_WORDS, ...KEY_SHAPE_WORDS]));

/**
 * Every secret and piece of personal data in a text, in order, one detection per place: where two
 * rules find overlapping ranges (a generic assignment around a Stripe key), the first-listed
 * (more specific) rule wins. Each pattern runs only on texts holding a word it needs (its gate);
 * `gated: false` runs them all, for the tests that hold the gates to that.
 */
export async function detect(input: string, gated = true): Promise<Detection[]> {
  const text = input.length > MAX_SCAN_CHARS ? input.slice(0, MAX_SCAN_CHARS) : input;
  const secrets = !gated || ANY_SECRET_WORD.test(text);
  const ordered = [
    ...(secrets ? await detectWithSecretlint(text, gated) : []),
    ...(secrets ? detectKeyShapes(text, gated) : []),
    ...detectPersonalData(text, gated),
  ];
  const kept: Detection[] = [];
  for (const d of ordered) if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  return kept.sort((a, b) => a.start - b.start);
}
