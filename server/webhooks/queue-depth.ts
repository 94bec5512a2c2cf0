import "server-only";
import { getDb } from "../db/client";

/** Deliveries not yet sent or given up (all instances': the queue is the database). */
export async function pendingDeliveries(): Promise<number> {
  const { db } = await getDb();
  return db.webhookDelivery.count({ where: { status: "pending" } });
}
