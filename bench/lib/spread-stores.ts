// Scenario 1 across many stores: the same 16 writers and counter memories, spread over `stores`
// stores of the bench workspace (created through the API, the agent granted read_write on each),
// so writers of different stores can be seen not to wait for one another.
import { sdk, type Manifest } from "../scenarios/writes";

const FILLER = "- ".padEnd(1000, "remember the user prefers concise answers; ") + "\n";

export async function spreadAcrossStores(baseUrl: string, m: Manifest & { agentId: string }, stores: number, perStore = 64): Promise<Manifest> {
  const admin = sdk(baseUrl, m.adminKey);
  const writeMemories: string[] = [];
  const writeStores: string[] = [];
  const run = Date.now().toString(36);
  for (let s = 0; s < stores; s++) {
    const store = await admin.beta.memoryStores.create({ name: `bench writes ${run} ${s}` });
    const granted = await fetch(`${baseUrl}/api/v1/memory_stores/${store.id}/grants`, {
      method: "POST",
      headers: { "x-api-key": m.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ agent_id: m.agentId, access: "read_write" }),
    });
    if (!granted.ok) throw new Error(`grant on ${store.id}: ${granted.status} ${await granted.text()}`);
    const created = await Promise.all(
      Array.from({ length: perStore }, (_, i) =>
        admin.beta.memoryStores.memories.create(store.id, { path: `/counters/counter-${i}.md`, content: `counter: 0\n\n${FILLER}` }),
      ),
    );
    for (const memory of created) {
      writeMemories.push(memory.id);
      writeStores.push(store.id);
    }
  }
  return { ...m, writeMemories, writeStores };
}
