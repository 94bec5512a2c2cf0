import "server-only";
import type { WireAgent } from "../api/routes/agents";
import type { Agent } from "../db/generated/sqlite/client";

export function toWireAgent(agent: Agent): WireAgent {
  return { type: "agent" as const, id: agent.id, name: agent.name, description: agent.description, created_at: agent.createdAt.toISOString() };
}
