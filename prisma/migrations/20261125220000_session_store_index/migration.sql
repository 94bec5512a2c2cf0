-- Sessions filtered by store (GET /sessions?store_id=…) ask, per session, whether it wrote or read
-- in the store: answered from the index instead of the session's (large) version rows.
CREATE INDEX "MemoryVersion_workspaceId_sessionId_storeId_idx" ON "MemoryVersion"("workspaceId", "sessionId", "storeId");
CREATE INDEX "MemoryRead_workspaceId_sessionId_storeId_idx" ON "MemoryRead"("workspaceId", "sessionId", "storeId");
