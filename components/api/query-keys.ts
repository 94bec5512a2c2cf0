/**
 * Query keys, from one factory: components never write key arrays inline, and a mutation
 * invalidates the factory's tuple (e.g. `queryKeys.memories.all(storeId)`).
 * Each console feature adds its section here.
 */
export const queryKeys = {
  stores: {
    all: () => ["stores"] as const,
    detail: (storeId: string) => ["stores", storeId] as const,
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
  audit: {
    all: () => ["audit"] as const,
    list: (params: Record<string, unknown>) => ["audit", "list", params] as const,
    verify: () => ["audit", "verify"] as const,
  },
  compliance: {
    all: () => ["compliance"] as const,
    search: (params: Record<string, unknown>) => ["compliance", "search", params] as const,
  },
  admin: {
    agents: () => ["admin", "agents"] as const,
    apiKeys: () => ["admin", "api-keys"] as const,
    grants: () => ["admin", "grants"] as const,
    members: () => ["admin", "members"] as const,
  },
};
