-- Tables that hold memory content or paths, hash-partitioned by workspace into 16 partitions
-- (issue 14 item 5). A redaction must rewrite the pages that held the removed bytes (VACUUM FULL,
-- an ACCESS EXCLUSIVE lock); it now rewrites only the partitions of its own workspace, so the other
-- workspaces' reads and writes go on (server/db/workspace-partitions.ts, server/db/scrub.ts). Every
-- query on these tables names its workspace, so PostgreSQL touches only that workspace's partition.
-- A partitioned table's primary key and unique indexes must contain the partition key, so
-- "workspaceId" is appended to them; ids stay unique in practice (random, time-ordered). Their
-- foreign keys to "Store" carry it too ("workspaceId", "storeId"), so deleting a store cascades into
-- its workspace's partitions only (a cascade on "storeId" alone would scan, and wait for, them all).
-- Existing rows are copied into the new tables; the old tables are dropped with their files.
CREATE FUNCTION pg_temp.partition_by_workspace(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_unpartitioned');
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING STORAGE) PARTITION BY HASH ("workspaceId")', t, t || '_unpartitioned');
  FOR r IN 0..15 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s)', t || '_p' || lpad(r::text, 2, '0'), t, r);
  END LOOP;
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_unpartitioned');
  EXECUTE format('DROP TABLE %I', t || '_unpartitioned');
END $$;

CREATE UNIQUE INDEX "Store_workspaceId_id_key" ON "Store"("workspaceId", "id");

SELECT pg_temp.partition_by_workspace('Memory');
ALTER TABLE "Memory" ADD CONSTRAINT "Memory_pkey" PRIMARY KEY ("id", "workspaceId");
CREATE UNIQUE INDEX "Memory_storeId_livePath_key" ON "Memory"("storeId", "livePath", "workspaceId");
CREATE INDEX "Memory_workspaceId_storeId_path_idx" ON "Memory"("workspaceId", "storeId", "path");
CREATE INDEX "Memory_search_idx" ON "Memory" USING GIN (to_tsvector('simple', regexp_replace(left("content", 100000), '[^[:alnum:]]+', ' ', 'g'))) WHERE "deletedAt" IS NULL;
ALTER TABLE "Memory" ADD CONSTRAINT "Memory_storeId_fkey" FOREIGN KEY ("workspaceId", "storeId") REFERENCES "Store"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT pg_temp.partition_by_workspace('MemoryVersion');
ALTER TABLE "MemoryVersion" ADD CONSTRAINT "MemoryVersion_pkey" PRIMARY KEY ("id", "workspaceId");
CREATE INDEX "MemoryVersion_storeId_id_idx" ON "MemoryVersion"("storeId", "id");
CREATE INDEX "MemoryVersion_storeId_memoryId_id_idx" ON "MemoryVersion"("storeId", "memoryId", "id");
CREATE INDEX "MemoryVersion_storeId_createdAt_idx" ON "MemoryVersion"("storeId", "createdAt");
CREATE INDEX "MemoryVersion_workspaceId_sessionId_id_idx" ON "MemoryVersion"("workspaceId", "sessionId", "id");
CREATE INDEX "MemoryVersion_workspaceId_sessionId_storeId_idx" ON "MemoryVersion"("workspaceId", "sessionId", "storeId");
CREATE INDEX "MemoryVersion_workspaceId_apiKeyId_id_idx" ON "MemoryVersion"("workspaceId", "apiKeyId", "id");
ALTER TABLE "MemoryVersion" ADD CONSTRAINT "MemoryVersion_storeId_fkey" FOREIGN KEY ("workspaceId", "storeId") REFERENCES "Store"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT pg_temp.partition_by_workspace('MemoryRead');
ALTER TABLE "MemoryRead" ADD CONSTRAINT "MemoryRead_pkey" PRIMARY KEY ("id", "workspaceId");
CREATE INDEX "MemoryRead_workspaceId_sessionId_id_idx" ON "MemoryRead"("workspaceId", "sessionId", "id");
CREATE INDEX "MemoryRead_workspaceId_sessionId_storeId_idx" ON "MemoryRead"("workspaceId", "sessionId", "storeId");
CREATE INDEX "MemoryRead_storeId_memoryId_id_idx" ON "MemoryRead"("storeId", "memoryId", "id");
ALTER TABLE "MemoryRead" ADD CONSTRAINT "MemoryRead_storeId_fkey" FOREIGN KEY ("workspaceId", "storeId") REFERENCES "Store"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT pg_temp.partition_by_workspace('AuditEvent');
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id", "workspaceId");
CREATE UNIQUE INDEX "AuditEvent_workspaceId_seq_key" ON "AuditEvent"("workspaceId", "seq");
CREATE INDEX "AuditEvent_workspaceId_action_seq_idx" ON "AuditEvent"("workspaceId", "action", "seq");
CREATE INDEX "AuditEvent_workspaceId_storeId_seq_idx" ON "AuditEvent"("workspaceId", "storeId", "seq");
CREATE INDEX "AuditEvent_workspaceId_sessionId_seq_idx" ON "AuditEvent"("workspaceId", "sessionId", "seq");
CREATE INDEX "AuditEvent_workspaceId_actorId_seq_idx" ON "AuditEvent"("workspaceId", "actorId", "seq");
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT pg_temp.partition_by_workspace('Proposal');
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id", "workspaceId");
CREATE INDEX "Proposal_workspaceId_status_id_idx" ON "Proposal"("workspaceId", "status", "id");
CREATE INDEX "Proposal_storeId_id_idx" ON "Proposal"("storeId", "id");
CREATE INDEX "Proposal_workspaceId_sessionId_id_idx" ON "Proposal"("workspaceId", "sessionId", "id");
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_storeId_fkey" FOREIGN KEY ("workspaceId", "storeId") REFERENCES "Store"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
