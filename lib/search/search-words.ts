// The words of a file as PostgreSQL's search index holds them: a tsvector literal, found by the one
// tokenizer (search-terms.ts) that also reads query words and result lines. The write path computes
// it in Node and PostgreSQL only parses it (about a sixth of what its own text-search parser would
// spend per write, bench/README.md), within PostgreSQL's limits, as its to_tsvector would:
// the first INDEXED_CHARS characters, words of at most 2047 bytes (longer ones are skipped and take
// no position), positions up to 16383 (later ones count as 16383), 255 positions per word.
import { quoteLexeme, tokenize } from "./search-terms";

/** How much of a file is indexed, in characters (code points), as `left(content, 100000)`. */
export const INDEXED_CHARS = 100_000;
const MAX_WORD_BYTES = 2047;
const MAX_POSITION = 16_383;
const MAX_POSITIONS = 255;

const encoder = new TextEncoder();
// A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): short words need no encoding.
const fits = (word: string) => word.length * 3 <= MAX_WORD_BYTES || encoder.encode(word).length <= MAX_WORD_BYTES;

function indexedPart(text: string): string {
  if (text.length <= INDEXED_CHARS) return text;
  let end = 0;
  for (let points = 0; points < INDEXED_CHARS && end < text.length; points++) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return text.slice(0, end);
}

/** The tsvector literal of a file's words and their positions (`'word':1,5 …`; empty for none). */
export function tsvectorLiteral(text: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const word of tokenize(indexedPart(text))) {
    if (!fits(word)) continue;
    const at = Math.min(++position, MAX_POSITION);
    const list = positions.get(word);
    if (!list) positions.set(word, [at]);
    else if (list.length < MAX_POSITIONS && list[list.length - 1] !== at) list.push(at);
  }
  let literal = "";
  for (const [word, list] of positions) literal += `${quoteLexeme(word)}:${list.join(",")} `;
  return literal;
}
