/** Wire shapes of /api/v1 the console reads (the server's zod schemas are the source of truth). */
export type WireActor = { type: "session_actor"; session_id: string } | { type: "api_actor"; api_key_id: string } | { type: "user_actor"; user_id: string };

export type Page<T> = { data: T[]; next_page: string | null };

export type Memory = {
  type: "memory";
  id: string;
  memory_store_id: string;
  path: string;
  content_sha256: string | null;
  content_size_bytes: number | null;
  memory_version_id: string;
  created_at: string;
  updated_at: string;
  content: string | null;
};

export type MemoryVersion = {
  type: "memory_version";
  id: string;
  memory_id: string;
  memory_store_id: string;
  operation: "created" | "modified" | "deleted";
  path: string | null;
  content: string | null;
  content_sha256: string | null;
  content_size_bytes: number | null;
  created_at: string;
  created_by: WireActor;
  redacted_at: string | null;
  engram?: { cause: string | null; previous_path: string | null; restored_from_version_id: string | null; agent_id: string | null };
};

export type Session = {
  type: "session";
  id: string;
  agent_id: string;
  title: string;
  external_id: string | null;
  started_at: string;
  ended_at: string | null;
  read_count: number;
  write_count: number;
};

/** Display names the server page resolves once (agents, users, API keys), keyed by id. */
export type ActorNames = { agents: Record<string, string>; users: Record<string, string>; apiKeys: Record<string, string> };
