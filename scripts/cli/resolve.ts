// Stores and agents named on the command line by id or by name, found through the domain's own
// list functions (so the CLI sees exactly what the API would show the system principal).
import type { RequestContext } from "@/server/auth/principal";
import { listAgents } from "@/server/agents/list-agents";
import { listStores } from "@/server/stores/list-stores";

async function findPaged<T extends { id: string; name: string }>(list: (page?: string) => Promise<{ data: T[]; next_page: string | null }>, wanted: string) {
  let page: string | undefined;
  do {
    const result = await list(page);
    const hit = result.data.find((item) => item.id === wanted || item.name === wanted);
    if (hit) return hit;
    page = result.next_page ?? undefined;
  } while (page);
  return null;
}

export async function resolveStore(ctx: RequestContext, wanted: string) {
  const store = await findPaged((page) => listStores(ctx, { limit: 100, page, includeArchived: true }), wanted);
  if (!store) throw new Error(`No store ${wanted}`);
  return store;
}

export async function resolveAgent(ctx: RequestContext, wanted: string) {
  const agent = await findPaged((page) => listAgents(ctx, { limit: 100, page }), wanted);
  if (!agent) throw new Error(`No agent ${wanted}`);
  return agent;
}
