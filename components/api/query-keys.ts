/**
 * Query keys, from one factory: components never write key arrays inline, and a mutation
 * invalidates the factory's tuple (e.g. `queryKeys.memories.all(storeId)`).
 * Each console feature adds its section here.
 */
export const queryKeys = {
  stores: {
    all: () => ["stores"] as const,
    detail: (storeId: string) => ["stores", storeId] as const,
    names: () => ["stores", "names"] as const,
  },
  memories: {
    all: (storeId: string) => ["stores", storeId, "memories"] as const,
    list: (storeId: string, params: Record<string, unknown>) => ["stores", storeId, "memories", "list", params] as const,
    detail: (storeId: string, memoryId: string) => ["stores", storeId, "memories", memoryId] as const,
  },
  versions: {
    all: (storeId: string) => ["stores", storeId, "versions"] as const,
    list: (storeId: string, params: Record<string, unknown>) => ["stores", storeId, "versions", "list", params] as const,
    detail: (storeId: string, versionId: string) => ["stores", storeId, "versions", versionId] as const,
  },
  sessions: {
    all: () => ["sessions"] as const,
    list: (params: Record<string, unknown>) => ["sessions", "list", params] as const,
    detail: (sessionId: string) => ["sessions", sessionId] as const,
    timeline: (sessionId: string) => ["sessions", sessionId, "timeline"] as const,
    changes: (sessionId: string) => ["sessions", sessionId, "changes"] as const,
    // Outside the session's own keys: refreshing the session must not re-run the dry run.
    rollbackPlan: (sessionId: string) => ["session-rollback-plan", sessionId] as const,
  },
  history: {
    versions: (storeId: string, memoryId: string) => ["stores", storeId, "versions", "list", { memoryId }] as const,
    diff: (storeId: string, memoryId: string, from: string | null, to: string | null) =>
      ["stores", storeId, "memories", memoryId, "diff", { from, to }] as const,
    blame: (storeId: string, memoryId: string) => ["stores", storeId, "memories", memoryId, "blame"] as const,
    memoriesAt: (storeId: string, params: Record<string, unknown>) => ["stores", storeId, "memories-at", params] as const,
    memoryAt: (storeId: string, memoryId: string, params: Record<string, unknown>) => ["stores", storeId, "memories-at", memoryId, params] as const,
  },
  findings: {
    all: () => ["findings"] as const,
    list: (params: Record<string, unknown>) => ["findings", "list", params] as const,
    // Outside the list's keys: refreshing the queue must not re-run the dry run.
    plan: (target: Record<string, unknown>) => ["findings-plan", target] as const,
  },
  proposals: {
    all: () => ["proposals"] as const,
    list: (params: Record<string, unknown>) => ["proposals", "list", params] as const,
    detail: (proposalId: string) => ["proposals", proposalId] as const,
    pending: () => ["proposals", "pending-count"] as const,
  },
  audit: {
    all: () => ["audit"] as const,
    list: (params: Record<string, unknown>) => ["audit", "list", params] as const,
    verify: () => ["audit", "verify"] as const,
  },
  holds: {
    all: () => ["holds"] as const,
    list: (params: Record<string, unknown>) => ["holds", "list", params] as const,
  },
  retention: {
    store: (storeId: string) => ["stores", storeId, "retention"] as const,
  },
  compliance: {
    all: () => ["compliance"] as const,
    search: (params: Record<string, unknown>) => ["compliance", "search", params] as const,
  },
  actors: {
    card: (actorId: string) => ["actors", actorId] as const,
  },
  goto: {
    search: (q: string) => ["goto", q] as const,
  },
  search: {
    files: (q: string) => ["search", q] as const,
  },
  admin: {
    agents: () => ["admin", "agents"] as const,
    apiKeys: () => ["admin", "api-keys"] as const,
    /** Every window of the grant matrix (to invalidate), or one. */
    grants: (window?: Record<string, string | number | undefined>) => (window ? (["admin", "grants", window] as const) : (["admin", "grants"] as const)),
    /** All member lists (to invalidate), or the one filtered by `q`. */
    members: (q?: string) => (q ? (["admin", "members", q] as const) : (["admin", "members"] as const)),
    webhooks: () => ["admin", "webhooks"] as const,
    deliveries: (webhookId: string) => ["admin", "webhooks", webhookId, "deliveries"] as const,
  },
};
