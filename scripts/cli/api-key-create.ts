import { parseArgs } from "node:util";
import { createAgent } from "@/server/agents/create-agent";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { setGrant, type GrantAccess } from "@/server/grants/set-grant";
import { resolveAgent, resolveStore } from "./resolve";
import { systemContext } from "./system-context";

/** Prints only the new key on stdout, so `KEY=$(npm run -s cli -- api-key create …)` works. */
export async function apiKeyCreate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      admin: { type: "boolean" },
      agent: { type: "string" },
      store: { type: "string" },
      access: { type: "string" },
      json: { type: "boolean" },
    },
  });
  if (!values.name || values.admin === Boolean(values.agent)) {
    console.error("api-key create needs --name and exactly one of --admin or --agent AGENT");
    return 2;
  }
  if (values.access && !["read_only", "read_write"].includes(values.access)) {
    console.error("--access must be read_only or read_write");
    return 2;
  }
  const ctx = await systemContext();
  let agentId: string | null = null;
  if (values.agent) {
    const name = values.agent;
    const agent = await resolveAgent(ctx, name).catch(() => createAgent(ctx, { name }));
    agentId = agent.id;
    if (values.store) {
      const store = await resolveStore(ctx, values.store);
      await setGrant(ctx, { storeId: store.id, agentId, access: (values.access ?? "read_write") as GrantAccess });
    }
  }
  const { secret, key } = await createApiKey(ctx, { name: values.name, kind: values.admin ? "admin" : "agent", agentId });
  if (values.json) {
    console.log(JSON.stringify({ id: key.id, kind: key.kind, agent_id: agentId, prefix: key.prefix, key: secret }, null, 2));
    return 0;
  }
  console.error(`Created ${key.kind} key ${key.id} (${key.prefix}…). It is shown once:`);
  console.log(secret);
  return 0;
}
