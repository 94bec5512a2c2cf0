// PostgreSQL (issue 14): an agent's memory-tool edit is one transaction that reads its file once.
// str_replace and insert used to read the file twice (the command's read, then the write's own),
// one more round trip per edit on the agents' main write path, although the first read had locked
// the row for the transaction (server/memory-tool/store-fs.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { createMemory } from "@/server/memory/create-memory";
import { getMemory } from "@/server/memory/get-memory";
import { runMemoryTool } from "@/server/memory-tool/run-memory-tool";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { statementsOf } from "./helpers/pg-statements";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;

beforeAll(async () => {
  if (isPg) tenant = await createTestTenant("memory-tool-statements");
});

describe.runIf(isPg)("PostgreSQL: a memory-tool edit", () => {
  it("reads its file once, and writes what the command asked", async () => {
    const store = await createStore(tenant.system, { name: "tool-statements" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const created = await createMemory(tenant.system, store.id, { path: "/notes.md", content: "counter: 1\nkeep\n" });
    if (!("memory" in created)) throw new Error("proposed");
    const ctx = tenant.agentContext();
    const byPath = (statements: string[]) => statements.filter((sql) => /WHERE "storeId" = \$\d+ AND "livePath" = \$\d+/.test(sql));

    const replaced = await statementsOf(() =>
      runMemoryTool(ctx, store.id, { command: "str_replace", path: "/memories/notes.md", old_str: "counter: 1", new_str: "counter: 2" }),
    );
    expect(replaced.result).toMatchObject({ is_error: false });
    expect(byPath(replaced.statements)).toHaveLength(1);

    const inserted = await statementsOf(() =>
      runMemoryTool(ctx, store.id, { command: "insert", path: "/memories/notes.md", insert_line: 2, insert_text: "added" }),
    );
    expect(inserted.result).toMatchObject({ is_error: false });
    expect(byPath(inserted.statements)).toHaveLength(1);

    expect((await getMemory(tenant.system, store.id, created.memory.id)).content).toBe("counter: 2\nkeep\nadded\n");
  });
});
