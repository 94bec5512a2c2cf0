// Full-text search over current files: how a query becomes terms, the same way on both databases.
// A term is a whitespace-separated word of the query, split into tokens (runs of letters, digits
// and marks, lower-cased) as SQLite's unicode61 tokenizer splits text, and as PostgreSQL's index
// holds it (its words are this tokenizer's, search-words.ts). The tokens of a term must appear next to each other; its last token
// matches as a prefix ("conf" finds "config", "api_key" finds "api key"). Every term must match.

export const MAX_TERMS = 8;
export const MAX_TOKEN_LENGTH = 64;

/** One query word: its tokens, in order. */
export type SearchTerm = string[];

/** A token: a run of letters, digits and marks (unicode61's token characters). */
export const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

export function tokenize(text: string): string[] {
  // match() with the g flag gives the matched strings only: no match object per word (the write path tokenizes every file).
  return text.toLowerCase().match(TOKEN) ?? [];
}

export type ParsedQuery = { ok: true; terms: SearchTerm[] } | { ok: false; message: string };

export function parseSearchQuery(query: string): ParsedQuery {
  const terms = query
    .split(/\s+/)
    .map((word) => tokenize(word))
    .filter((tokens) => tokens.length > 0);
  if (terms.length === 0) return { ok: false, message: "q must contain at least one letter or digit" };
  if (terms.length > MAX_TERMS) return { ok: false, message: `q may hold at most ${MAX_TERMS} words` };
  if (terms.some((tokens) => tokens.some((token) => token.length > MAX_TOKEN_LENGTH))) {
    return { ok: false, message: `q: a word may be at most ${MAX_TOKEN_LENGTH} characters` };
  }
  return { ok: true, terms };
}

/** FTS5 query: each term a quoted phrase, prefix on its last token; terms joined by AND. Tokens hold no quotes. */
export function fts5Query(terms: SearchTerm[]): string {
  return terms.map((tokens) => `"${tokens.join(" ")}"*`).join(" AND ");
}

/** A lexeme quoted for a tsvector or tsquery literal (tokens hold neither quotes nor backslashes; quoted anyway). */
export const quoteLexeme = (token: string) => `'${token.replace(/['\\]/g, (c) => c + c)}'`;

/**
 * PostgreSQL tsquery literal (cast with ::tsquery, so PostgreSQL's parser does not re-read the tokens:
 * they are the index's own words, search-words.ts): tokens of a term followed by one another (<->),
 * the last a prefix.
 */
export function tsQuery(terms: SearchTerm[]): string {
  const term = (tokens: string[]) => tokens.map((token, i) => `${quoteLexeme(token)}${i === tokens.length - 1 ? ":*" : ""}`).join(" <-> ");
  return terms.map((tokens) => `(${term(tokens)})`).join(" & ");
}
