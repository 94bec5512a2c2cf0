import "server-only";
import type { RequestContext } from "@/server/auth/principal";
import { getDb } from "@/server/db/client";
import { listStores } from "@/server/stores/list-stores";

export type StoreSummary = {
  id: string;
  name: string;
  description: string;
  memoryCount: number;
  lastActivity: string | null;
  /** Access summary from the grants: "all agents" access, and how many agents have a grant of each kind. */
  access: { allAgents: "read_only" | "read_write" | null; readWrite: number; readOnly: number };
};

/** Every store the user may read (listStores authorizes, page by page), with live memory counts, last write and grants. */
export async function storeSummaries(ctx: RequestContext): Promise<StoreSummary[]> {
  const stores: Awaited<ReturnType<typeof listStores>>["data"] = [];
  let page: string | undefined;
  do {
    const next = await listStores(ctx, { limit: 100, includeArchived: false, page });
    stores.push(...next.data);
    page = next.next_page ?? undefined;
  } while (page);
  const ids = stores.map((store) => store.id);
  const workspaceId = ctx.principal.workspaceId;
  const { db } = await getDb();
  const [counts, latest, grants] = await Promise.all([
    db.memory.groupBy({ by: ["storeId"], where: { workspaceId, storeId: { in: ids }, livePath: { not: null } }, _count: { _all: true } }),
    // Each store's newest version, one index probe per store ((storeId, createdAt), read backwards). A
    // MAX over the workspace's versions read every version row (and its content) to check its workspace.
    Promise.all(
      ids.map((storeId) => db.memoryVersion.findFirst({ where: { workspaceId, storeId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } })),
    ),
    db.grant.findMany({ where: { storeId: { in: ids } }, select: { storeId: true, agentId: true, access: true } }),
  ]);
  const countOf = new Map(counts.map((row) => [row.storeId, row._count._all]));
  const latestOf = new Map(ids.map((id, index) => [id, latest[index]?.createdAt]));
  return stores.map((store) => {
    const own = grants.filter((grant) => grant.storeId === store.id);
    const all = own.find((grant) => grant.agentId === null);
    return {
      id: store.id,
      name: store.name,
      description: store.description,
      memoryCount: countOf.get(store.id) ?? 0,
      lastActivity: latestOf.get(store.id)?.toISOString() ?? null,
      access: {
        allAgents: (all?.access as "read_only" | "read_write" | undefined) ?? null,
        readWrite: own.filter((grant) => grant.agentId && grant.access === "read_write").length,
        readOnly: own.filter((grant) => grant.agentId && grant.access === "read_only").length,
      },
    };
  });
}
