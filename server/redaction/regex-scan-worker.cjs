// Worker thread: scans a set of stores' versions, newest first, for an RE2 pattern, with its own database
// connection, so neither the rows' transfer nor the matching runs on the server's event loop. Plain
// CommonJS so it runs in a Worker without a TypeScript loader. Answers the matching version ids and spans.
/* eslint-disable @typescript-eslint/no-require-imports */
const { workerData, parentPort } = require("node:worker_threads");

const { root, dialect, target, source, storeIds, includeHistory, beforeId, stopAfter, maxMatches, batch } = workerData;
const load = (name) => require(require.resolve(name, { paths: [root] }));
const RE2 = load("re2");

function where(placeholder) {
  const stores = storeIds.map((_, i) => placeholder(i + 1)).join(", ");
  const heads = includeHistory ? "" : ` AND "id" IN (SELECT "headVersionId" FROM "Memory" WHERE "storeId" IN (${stores}) AND "deletedAt" IS NULL)`;
  return `"storeId" IN (${stores}) AND "redactedAt" IS NULL AND "content" IS NOT NULL${heads}`;
}

async function openReader() {
  if (dialect === "sqlite") {
    const Database = load("better-sqlite3");
    const db = new Database(target, { readonly: true });
    db.pragma("busy_timeout = 5000");
    const first = db.prepare(`SELECT "id", "content" FROM "MemoryVersion" WHERE ${where(() => "?")} ORDER BY "id" DESC LIMIT ${batch}`);
    const next = db.prepare(`SELECT "id", "content" FROM "MemoryVersion" WHERE ${where(() => "?")} AND "id" < ? ORDER BY "id" DESC LIMIT ${batch}`);
    return {
      rows: async (before) => (before ? next.all(...storeIds, before) : first.all(...storeIds)),
      close: async () => db.close(),
    };
  }
  const { Client } = load("pg");
  const client = new Client({ connectionString: target });
  await client.connect();
  const n = storeIds.length;
  return {
    rows: async (before) =>
      (
        await client.query(
          `SELECT "id", "content" FROM "MemoryVersion" WHERE ${where((i) => `$${i}`)}${before ? ` AND "id" < $${n + 1}` : ""} ORDER BY "id" DESC LIMIT ${batch}`,
          before ? [...storeIds, before] : storeIds,
        )
      ).rows,
    close: () => client.end(),
  };
}

async function main() {
  const re = new RE2(source, "gu");
  const reader = await openReader();
  const hits = [];
  try {
    let before = beforeId ?? null;
    for (;;) {
      const rows = await reader.rows(before);
      for (const row of rows) {
        const spans = [];
        re.lastIndex = 0;
        for (let m = re.exec(row.content); m !== null && spans.length < maxMatches * 2; m = re.exec(row.content)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          spans.push(m.index, m.index + m[0].length);
        }
        if (spans.length > 0) hits.push({ id: row.id, spans });
        if (stopAfter && hits.length >= stopAfter) return hits;
      }
      if (rows.length < batch) return hits;
      before = rows[rows.length - 1].id;
    }
  } finally {
    await reader.close();
  }
}

main().then(
  (hits) => parentPort.postMessage({ ok: true, hits }),
  (error) => parentPort.postMessage({ ok: false, message: String(error && error.message) }),
);
