// The console's pages call domain functions (issue 19 item 3): they authorize, and they do not cap.
import { describe, expect, it } from "vitest";
import { createMemory } from "@/server/memory/create-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { createStore } from "@/server/stores/create-store";
import { storeDeletionCounts } from "@/server/stores/store-deletion-counts";
import { storeSummaries } from "@/server/stores/store-summaries";
import { actorNames } from "@/server/workspaces/actor-names";
import { createTestTenant } from "./helpers/fixtures";

describe("console domain functions", () => {
  it("store summaries list every readable store, not the first 100", { timeout: 120_000 }, async () => {
    const tenant = await createTestTenant("summaries");
    for (let i = 0; i < 105; i++) await createStore(tenant.system, { name: `store ${i}`, description: "" });
    const { ctx } = await tenant.user("viewer");
    expect(await storeSummaries(ctx)).toHaveLength(105);
  });

  it("store summaries give each store's live files and its newest write", async () => {
    const tenant = await createTestTenant("summaries last write");
    const busy = await createStore(tenant.system, { name: "busy", description: "" });
    const quiet = await createStore(tenant.system, { name: "quiet", description: "" });
    const a = await createMemory(tenant.system, busy.id, { path: "/a.md", content: "one" });
    await createMemory(tenant.system, busy.id, { path: "/b.md", content: "two" });
    if (!("memory" in a)) throw new Error("the system principal writes, it does not propose");
    const newest = await updateMemory(tenant.system, busy.id, a.memory.id, { content: "one, edited" });
    if (!("version" in newest) || !newest.version) throw new Error("the update wrote no version");
    const { ctx } = await tenant.user("viewer");
    const summaries = await storeSummaries(ctx);
    expect(summaries.find((store) => store.id === busy.id)).toMatchObject({ memoryCount: 2, lastActivity: newest.version.createdAt.toISOString() });
    expect(summaries.find((store) => store.id === quiet.id)).toMatchObject({ memoryCount: 0, lastActivity: null });
  });

  it("actor names are for people and admin keys; an agent key is refused", async () => {
    const tenant = await createTestTenant("names");
    const { ctx } = await tenant.user("viewer");
    const names = await actorNames(ctx);
    expect(Object.values(names.agents)).toContain(tenant.agent.name);
    const agentCtx = tenant.agentContext();
    await expect(actorNames(agentCtx)).rejects.toMatchObject({ type: "permission_error" });
  });

  it("deletion counts need stores:manage and a store of the caller's workspace", async () => {
    const tenant = await createTestTenant("counts");
    const other = await createTestTenant("counts other");
    const store = await createStore(tenant.system, { name: "counted", description: "" });
    const admin = await tenant.user("admin");
    const viewer = await tenant.user("viewer");
    expect(await storeDeletionCounts(admin.ctx, store.id)).toEqual({ memories: 0, versions: 0 });
    await expect(storeDeletionCounts(viewer.ctx, store.id)).rejects.toMatchObject({ type: "permission_error" });
    const outsider = await other.user("admin");
    await expect(storeDeletionCounts(outsider.ctx, store.id)).rejects.toMatchObject({ type: "not_found_error" });
  });
});
