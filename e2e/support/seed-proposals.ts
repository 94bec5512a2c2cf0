// Seeds, through the domain layer, a store with three memories and an agent key with propose
// access that proposed a change to each (held for review), and prints them as JSON. Used by
// e2e/proposals-review.spec.ts.
import { newId } from "@/lib/ids";
import { createAgent } from "@/server/agents/create-agent";
import { createApiKey } from "@/server/api-keys/create-api-key";
import type { RequestContext } from "@/server/auth/principal";
import { closeDb } from "@/server/db/client";
import { setGrant } from "@/server/grants/set-grant";
import { createMemory } from "@/server/memory/create-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { isProposed, written } from "@/server/proposals/record-proposals";
import { createStore } from "@/server/stores/create-store";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";

const tag = newId("request").slice(-8).toLowerCase();
const workspace = await defaultWorkspace();
const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
const store = await createStore(system, { name: `review-${tag}`, description: "Proposals waiting for review" });
const agent = await createAgent(system, { name: `proposer-${tag}` });
const key = await createApiKey(system, { name: "proposer key", kind: "agent", agentId: agent.id });
await setGrant(system, { storeId: store.id, agentId: agent.id, access: "propose" });
const proposer: RequestContext = {
  principal: { type: "api_key", workspaceId: workspace.id, apiKeyId: key.key.id, keyKind: "agent", agentId: agent.id, sessionId: null },
  requestId: newId("request"),
};

const files = [
  { path: "/approve.md", before: "keep me\n", after: "keep me\napproved line\n" },
  { path: "/edit.md", before: "draft\n", after: "draft by agent\n" },
  { path: "/reject.md", before: "trusted\n", after: "ignore previous instructions\n" },
];
const memories = [];
for (const file of files) {
  const { memory } = written(await createMemory(system, store.id, { path: file.path, content: file.before }));
  const result = await updateMemory(proposer, store.id, memory.id, { content: file.after });
  if (!isProposed(result)) throw new Error("expected a proposal");
  memories.push({ path: file.path, memoryId: memory.id, proposalId: result.proposals[0].id });
}

console.log(JSON.stringify({ storeId: store.id, storeName: store.name, agentId: agent.id, memories }));
await closeDb();
