// Seeds one e2e fixture through the domain layer and prints it as JSON: an admin user with its own
// password, a store with one memory, and an agent key granted on it. Run by e2e/fixtures.ts.
import { newId } from "@/lib/ids";
import { createAgent } from "@/server/agents/create-agent";
import { createApiKey } from "@/server/api-keys/create-api-key";
import type { RequestContext } from "@/server/auth/principal";
import { closeDb } from "@/server/db/client";
import { setGrant } from "@/server/grants/set-grant";
import { createMemory } from "@/server/memory/create-memory";
import { createStore } from "@/server/stores/create-store";
import { createUser } from "@/server/users/create-user";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";

const tag = newId("request").slice(-8).toLowerCase();
const workspace = await defaultWorkspace();
const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
const password = `e2e-${newId("request")}`;
const user = await createUser(system, { email: `e2e-${tag}@engram.test`, name: `E2E Admin ${tag}`, role: "admin", password });
const store = await createStore(system, { name: `e2e-store-${tag}`, description: "Created by the end-to-end fixture" });
await createMemory(system, store.id, { path: "/notes/e2e.md", content: "# E2E\n" });
const agent = await createAgent(system, { name: `e2e-agent-${tag}` });
await setGrant(system, { storeId: store.id, agentId: agent.id, access: "read_write" });
const key = await createApiKey(system, { name: `e2e key ${tag}`, kind: "agent", agentId: agent.id });
console.log(JSON.stringify({ email: user.email, name: user.name, password, storeId: store.id, storeName: store.name, apiKey: key.secret }));
await closeDb();
