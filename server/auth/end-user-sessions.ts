import "server-only";
import type { Tx } from "../db/client";

/**
 * Ends every console session of a user: sessions carry the sessionVersion they were issued
 * under, and every request compares it with the database's (user-principal.ts, next-auth.ts's
 * jwt callback), so this takes effect at once on every instance.
 */
export async function endUserSessions(tx: Pick<Tx, "user">, userId: string): Promise<void> {
  await tx.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
