import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("smoke");
});
afterAll(() => api.close());

describe("API smoke", () => {
  it("creates a store and a memory through the SDK and reads it back", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "smoke" });
    const created = await client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "hello" });
    const read = await client.beta.memoryStores.memories.retrieve(created.id, { memory_store_id: store.id });
    expect(read.content).toBe("hello");
    expect(read.content_sha256).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });
});
