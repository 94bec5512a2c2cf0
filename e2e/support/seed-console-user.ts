// Seeds, through the domain layer, one console user of the role given as argv[2] (and, with
// "leak" as argv[3], a store whose history holds a leaked key), and prints them as JSON.
// Used by the admin/compliance/viewer/audit specs (e2e/support/console-seed.ts).
import { newId } from "@/lib/ids";
import type { RequestContext, Role } from "@/server/auth/principal";
import { closeDb } from "@/server/db/client";
import { createMemory } from "@/server/memory/create-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { written } from "@/server/proposals/record-proposals";
import { createStore } from "@/server/stores/create-store";
import { createUser } from "@/server/users/create-user";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";

const role = (process.argv[2] ?? "viewer") as Role;
const tag = newId("request").slice(-8).toLowerCase();
const workspace = await defaultWorkspace();
const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
const password = `e2e-${newId("request")}`;
const user = await createUser(system, { email: `e2e-${role}-${tag}@engram.test`, name: `E2E ${role} ${tag}`, role, password });
const out: Record<string, unknown> = { email: user.email, name: user.name, password, userId: user.id, role };

if (process.argv[3] === "leak") {
  // A credential an agent wrote into memory: in the head of one file, and only in the history of another.
  const secret = `sk-live-${newId("request").slice(-16)}${tag}`;
  const store = await createStore(system, { name: `leak-${tag}`, description: "Holds a leaked key in its history" });
  const config = written(await createMemory(system, store.id, { path: "/notes/deploy.md", content: `# Deploy\nuse key ${secret} for prod\n` }));
  await updateMemory(system, store.id, config.memory.id, { content: `# Deploy\nuse key ${secret} for prod\nrotate monthly\n` });
  const old = written(await createMemory(system, store.id, { path: "/notes/old.md", content: `temporary: ${secret}\n` }));
  await updateMemory(system, store.id, old.memory.id, { content: "temporary: (removed)\n" });
  Object.assign(out, { storeId: store.id, storeName: store.name, secret });
}

console.log(JSON.stringify(out));
await closeDb();
