import "server-only";

/**
 * A store named with its workspace, as authorizeStore returns it. Queries on memories, versions
 * and reads name both: on PostgreSQL those tables are partitioned by workspace
 * (server/db/workspace-partitions.ts).
 */
export type StoreRef = { id: string; workspaceId: string };
