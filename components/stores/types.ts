// The wire shapes of /api/v1 the console reads: the server's zod schemas, as types (type-only imports).
export type { Page, WireActor, WireMemory as Memory, WireMemoryAt as MemoryAt, WireMemoryVersion as MemoryVersion } from "@/server/api/schemas";
export type { WireSession as Session } from "@/server/api/routes/sessions";

/** Display names the server page resolves once (agents, users, API keys), keyed by id. */
export type ActorNames = { agents: Record<string, string>; users: Record<string, string>; apiKeys: Record<string, string> };
