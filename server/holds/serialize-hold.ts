import "server-only";
import type { WireHold } from "../api/routes/holds";
import type { WireActor } from "../api/schemas";
import type { LegalHold } from "../db/generated/sqlite/client";

export function toWireHold(hold: LegalHold): WireHold {
  return {
    type: "legal_hold" as const,
    id: hold.id,
    memory_store_id: hold.storeId,
    memory_id: hold.memoryId,
    reason: hold.reason,
    placed_by: JSON.parse(hold.placedBy) as WireActor,
    placed_at: hold.placedAt.toISOString(),
    status: hold.liftedAt ? ("lifted" as const) : ("active" as const),
    lifted_at: hold.liftedAt?.toISOString() ?? null,
    lifted_by: hold.liftedBy ? (JSON.parse(hold.liftedBy) as WireActor) : null,
    lift_reason: hold.liftReason,
  };
}

export type { WireHold };
