// A transaction that writes no row of a table leaves the caches built on that table valid. On
// SQLite every transaction first takes the write lock with a statement that writes nothing
// (server/db/take-write-lock.ts); counted as a write of "Workspace", it dropped the authorization
// caches at each one, so after every memory-tool command the next requests read their key, store
// and grants again (bench/memory-tool-writes.ts: 5 Prisma reads more per command).
import { describe, expect, it } from "vitest";
import { runTransaction } from "@/server/db/transaction";
import { tablesGeneration } from "@/server/db/write-watch";
import { createTestTenant } from "./helpers/fixtures";

describe("a transaction and the caches", () => {
  it("leaves the tables it did not write unchanged for the caches, and marks the ones it wrote", async () => {
    const tenant = await createTestTenant("transaction-caches");
    const before = tablesGeneration(["Workspace", "Grant", "Store", "ApiKey"]);
    await runTransaction(async ({ tx }) => tx.agent.count({ where: { workspaceId: tenant.workspace.id } }), { lockWorkspace: tenant.workspace.id });
    expect(tablesGeneration(["Workspace", "Grant", "Store", "ApiKey"])).toBe(before);

    const agents = tablesGeneration(["Agent"]);
    await runTransaction(async ({ tx }) => tx.agent.updateMany({ where: { workspaceId: tenant.workspace.id }, data: { description: "changed" } }));
    expect(tablesGeneration(["Agent"])).not.toBe(agents);
  });
});
