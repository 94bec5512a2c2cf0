// Overwrites one audit event's `data` column directly in the database (as an attacker with file
// access would), printing the previous value so the spec can put it back. argv: EVENT_ID DATA_JSON.
import { closeDb, getDb } from "@/server/db/client";

const [id, data] = process.argv.slice(2);
const { db } = await getDb();
const before = await db.auditEvent.findUniqueOrThrow({ where: { id } });
await db.auditEvent.update({ where: { id }, data: { data } });
console.log(JSON.stringify({ data: before.data }));
await closeDb();
