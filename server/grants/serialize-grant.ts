import "server-only";
import type { WireGrant } from "../api/routes/grants";
import type { Grant } from "../db/generated/sqlite/client";
import type { PathRule } from "@/lib/path-grants";
import { parsePathRules } from "../auth/store-policy";
import type { GrantAccess } from "./set-grant";

/** A grant; `agent_id: null` means every agent of the workspace. */
export function toWireGrant(grant: Grant): WireGrant {
  return {
    type: "grant" as const,
    id: grant.id as string | null,
    memory_store_id: grant.storeId,
    agent_id: grant.agentId,
    access: grant.access as GrantAccess | null,
    paths: parsePathRules(grant.paths) as PathRule[],
    created_at: grant.createdAt.toISOString() as string | null,
  };
}

/** What a removed (or never set) grant looks like on the wire. */
export function noGrant(storeId: string, agentId: string | null) {
  return { type: "grant" as const, id: null, memory_store_id: storeId, agent_id: agentId, access: null, paths: [] as PathRule[], created_at: null };
}
