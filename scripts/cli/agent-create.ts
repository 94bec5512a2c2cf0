// `agent create`: a named agent identity (keys are created with `api-key create --agent`).
import { createAgent } from "@/server/agents/create-agent";
import { toWireAgent } from "@/server/agents/serialize-agent";
import { required, type Command } from "./command";

export const agentCreate: Command = {
  usage: "agent create --name NAME [--description TEXT] [--json]   create an agent; prints its id",
  options: { name: { type: "string" }, description: { type: "string" } },
  async run({ values, out, ctx }) {
    const description = typeof values.description === "string" ? values.description : undefined;
    const agent = toWireAgent(await createAgent(await ctx(), { name: required(values, "name"), description }));
    out.print(agent, () => agent.id);
    return 0;
  },
};
