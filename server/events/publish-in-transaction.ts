import "server-only";
import type { TxContext } from "../db/transaction";
import { publishLocal, type MemoryEvent } from "./event-bus";
import { EVENTS_CHANNEL } from "./pg-relay";

/**
 * Sends a live event for an action whose audit event was sealed as written (appendAuditEvent),
 * once the transaction commits: PostgreSQL NOTIFY reaches every instance (delivered at commit),
 * and the local bus takes it when no relay listens. The bus drops the second copy by seq.
 */
export async function publishInTransaction(t: TxContext, event: MemoryEvent): Promise<void> {
  if (t.dialect === "postgresql") await t.tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, EVENTS_CHANNEL, JSON.stringify(event));
  t.afterCommit(() => publishLocal(event));
}
