import "server-only";

/**
 * SQLite: a statement that takes the database's write lock and writes nothing. Prisma begins SQLite
 * transactions DEFERRED, so one that reads, then writes after another process committed, fails
 * (BUSY_SNAPSHOT); runTransaction sends this first, as BEGIN IMMEDIATE would, so a second process's
 * writer waits instead (busy_timeout). write-watch.ts knows it writes nothing: counted as a write of
 * "Workspace", it dropped every cache built on that table (the authorization caches among them) at
 * each transaction, and every request after a memory-tool command read its key and grants again.
 */
export const TAKE_WRITE_LOCK = `UPDATE "Workspace" SET "id" = "id" WHERE 0`;
