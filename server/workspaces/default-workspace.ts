import "server-only";
import { newId } from "@/lib/ids";
import { randomToken } from "../crypto";
import { getDb } from "../db/client";

/** The workspace a single-tenant install runs in: the oldest one, created on first use. */
export async function defaultWorkspace(name = "Default workspace") {
  const { db } = await getDb();
  const existing = await db.workspace.findFirst({ orderBy: { createdAt: "asc" } });
  if (existing) return existing;
  return createWorkspace(name);
}

export async function createWorkspace(name: string) {
  const { db } = await getDb();
  return db.workspace.create({ data: { id: newId("workspace"), name, hmacKey: randomToken(48) } });
}
