import type { RequestContext } from "@/server/auth/principal";
import { newId } from "@/lib/ids";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";

/** Operators at the command line act as the system principal of the default workspace. */
export async function systemContext(): Promise<RequestContext> {
  const workspace = await defaultWorkspace();
  return { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
}
