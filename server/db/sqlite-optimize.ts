import "server-only";

/**
 * SQLite's planner has no statistics until ANALYZE runs, and without them it takes an equality on
 * an index's first column for a selective one. Every query on a version, read, audit event or
 * proposal names its workspace (PostgreSQL prunes partitions by it), so a lookup by ids — `WHERE
 * workspaceId = ? AND id IN (…)` — walked the (workspaceId, sessionId, storeId) index over every
 * version of the workspace instead of the primary key (seconds per query at half a million versions). With
 * statistics the planner sees that one workspace is most of the table. `optimize` analyzes only
 * tables whose statistics are missing or stale, sampling `analysis_limit` rows per index (well under
 * a second on a large database), and is run when the connection opens and then hourly, on the connection
 * that queries (a connection loads statistics when it reads the schema).
 */
export const SQLITE_OPTIMIZE_PRAGMAS = ["analysis_limit = 1000", "optimize = 0x10002"];
export const SQLITE_OPTIMIZE_EVERY_MS = 60 * 60 * 1000;
