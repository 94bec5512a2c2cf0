import "server-only";
import type { Agent } from "../db/generated/sqlite/client";

export function toWireAgent(agent: Agent) {
  return { type: "agent" as const, id: agent.id, name: agent.name, description: agent.description, created_at: agent.createdAt.toISOString() };
}
