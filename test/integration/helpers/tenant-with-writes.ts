// A tenant with a store and some writes behind it: an audit chain worth verifying, checkpointing
// or tampering with.
import type { RunningApi } from "./api-server";
import { createTestTenant } from "./fixtures";

/** `writes` memories `/f0.md`, `/f1.md`, … holding "secret 0", "secret 1", …, written through `api`. */
export async function tenantWithWrites(api: Pick<RunningApi, "sdk">, label: string, writes = 3) {
  const tenant = await createTestTenant(label);
  const client = api.sdk(tenant.adminKey);
  const store = await client.beta.memoryStores.create({ name: label });
  for (let i = 0; i < writes; i++) await client.beta.memoryStores.memories.create(store.id, { path: `/f${i}.md`, content: `secret ${i}` });
  return { tenant, client, store };
}
