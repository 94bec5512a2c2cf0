/**
 * A strict RFC 4180 reader for the tests and e2e specs of the CSV exports: rows end in CRLF, quoted
 * fields may hold commas, quotes and line breaks; text that ends mid-row throws. Its own, so a test does not
 * trust the writer's assumptions.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (quoted || field !== "" || row.length > 0) throw new Error("CSV text does not end with a complete CRLF-terminated row");
  return rows;
}
