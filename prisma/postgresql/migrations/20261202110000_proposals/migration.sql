-- Propose access and path-scoped grants (issue 18 items 1-2): proposals awaiting review, and a
-- grant's path patterns. Existing grants get no patterns, so they keep their store-wide access.
ALTER TABLE "Grant" ADD COLUMN "paths" TEXT NOT NULL DEFAULT '[]';
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "memoryId" TEXT,
    "operation" TEXT NOT NULL,
    "path" TEXT,
    "previousPath" TEXT,
    "content" TEXT,
    "contentSha256" TEXT,
    "baseVersionId" TEXT,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "actorType" TEXT NOT NULL,
    "sessionId" TEXT,
    "apiKeyId" TEXT,
    "agentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reason" TEXT,
    "versionId" TEXT,
    "redactedAt" TIMESTAMP(3),
    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "Proposal_workspaceId_status_id_idx" ON "Proposal"("workspaceId", "status", "id");
CREATE INDEX "Proposal_storeId_id_idx" ON "Proposal"("storeId", "id");
CREATE INDEX "Proposal_workspaceId_sessionId_id_idx" ON "Proposal"("workspaceId", "sessionId", "id");
