// `grant set`: what one agent (or every agent) may do on a store.
import { setGrant, type GrantAccess } from "@/server/grants/set-grant";
import { required, UsageError, type Command } from "./command";
import { resolveAgent, resolveStore } from "./resolve";

const accesses = ["read_only", "read_write", "none"] as const;

export const grantSet: Command = {
  usage: "grant set --store STORE (--agent AGENT | --all-agents) --access read_only|read_write|none [--json]",
  options: { store: { type: "string" }, agent: { type: "string" }, "all-agents": { type: "boolean" }, access: { type: "string" } },
  async run({ values, out, ctx }) {
    const access = required(values, "access");
    if (!(accesses as readonly string[]).includes(access)) throw new UsageError("--access must be read_only, read_write or none");
    if (Boolean(values.agent) === Boolean(values["all-agents"])) throw new UsageError("name exactly one of --agent AGENT or --all-agents");
    const context = await ctx();
    const store = await resolveStore(context, required(values, "store"));
    const agent = typeof values.agent === "string" ? await resolveAgent(context, values.agent) : null;
    await setGrant(context, { storeId: store.id, agentId: agent?.id ?? null, access: access === "none" ? null : (access as GrantAccess) });
    const result = { memory_store_id: store.id, agent_id: agent?.id ?? null, access: access === "none" ? null : access };
    out.print(result, () => `${agent ? agent.name : "every agent"} on ${store.name}: ${access === "none" ? "no access" : access}`);
    return 0;
  },
};
