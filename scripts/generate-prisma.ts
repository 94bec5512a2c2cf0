// Generates both Prisma clients from the one schema: prisma/schema.prisma (SQLite) is the
// source of truth; the PostgreSQL schema is derived from it here, never edited by hand.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const sqliteSchema = path.join(root, "prisma/schema.prisma");
const pgSchema = path.join(root, "prisma/postgresql/schema.prisma");

export function postgresSchemaFrom(source: string): string {
  const out = source
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../server/db/generated/sqlite"', 'output       = "../../server/db/generated/postgresql"');
  if (out === source) throw new Error("prisma/schema.prisma does not have the expected provider/output lines");
  return "// GENERATED from prisma/schema.prisma by scripts/generate-prisma.ts. Do not edit.\n" + out;
}

function generate(schema: string) {
  // Offline: `prisma generate` must not try to download the schema engine. Any existing
  // file satisfies the check; generation itself runs in WebAssembly.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate", "--schema", schema], { cwd: root, env, stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(path.dirname(pgSchema), { recursive: true });
  writeFileSync(pgSchema, postgresSchemaFrom(readFileSync(sqliteSchema, "utf8")));
  generate(sqliteSchema);
  generate(pgSchema);
}
