// Row counts of everything a write can leave behind in one workspace, to prove a refused
// request wrote nothing.
import { getDb } from "@/server/db/client";

export type WriteCounts = { stores: number; memories: number; versions: number; auditEvents: number; grants: number; redactions: number };

export async function writeCounts(workspaceId: string): Promise<WriteCounts> {
  const { db } = await getDb();
  const where = { workspaceId };
  const [stores, memories, versions, auditEvents, grants, redactions] = await Promise.all([
    db.store.count({ where }),
    db.memory.count({ where }),
    db.memoryVersion.count({ where }),
    db.auditEvent.count({ where }),
    db.grant.count({ where }),
    db.redaction.count({ where }),
  ]);
  return { stores, memories, versions, auditEvents, grants, redactions };
}
