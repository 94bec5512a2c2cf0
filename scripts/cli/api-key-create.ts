import { parseArgs } from "node:util";
import { createAgent } from "@/server/agents/create-agent";
import { createApiKey } from "@/server/auth/create-api-key";
import { getDb } from "@/server/db/client";
import { setGrant, type GrantAccess } from "@/server/grants/set-grant";
import { systemContext } from "./system-context";

/** Prints only the new key on stdout, so `KEY=$(npm run -s cli -- api-key create …)` works. */
export async function apiKeyCreate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: "string" }, admin: { type: "boolean" }, agent: { type: "string" }, store: { type: "string" }, access: { type: "string" } },
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
  const { db } = await getDb();
  let agentId: string | null = null;
  if (values.agent) {
    const agent =
      (await db.agent.findFirst({ where: { workspaceId: ctx.principal.workspaceId, OR: [{ id: values.agent }, { name: values.agent }] } })) ??
      (await createAgent(ctx, { name: values.agent }));
    agentId = agent.id;
    if (values.store) {
      const store = await db.store.findFirst({ where: { workspaceId: ctx.principal.workspaceId, OR: [{ id: values.store }, { name: values.store }] } });
      if (!store) {
        console.error(`No store ${values.store}`);
        return 1;
      }
      await setGrant(ctx, { storeId: store.id, agentId, access: (values.access ?? "read_write") as GrantAccess });
    }
  }
  const { secret, key } = await createApiKey(ctx, { name: values.name, kind: values.admin ? "admin" : "agent", agentId });
  console.error(`Created ${key.kind} key ${key.id} (${key.prefix}…). It is shown once:`);
  console.log(secret);
  return 0;
}
