import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (`prisma migrate status`, `prisma studio`) where its engine exists.
// Engram itself applies migrations with scripts/cli.ts migrate (see server/db/migrate.ts).
const url = process.env.DATABASE_URL ?? "file:./data/engram.db";
const isPg = url.startsWith("postgres");

export default defineConfig({
  schema: isPg ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPg ? "prisma/postgresql/migrations" : "prisma/migrations" },
  datasource: { url },
});
