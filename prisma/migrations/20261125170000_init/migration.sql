-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "hmacKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL,
    "deactivatedAt" DATETIME,
    "lastLoginAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Agent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "agentId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Store" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" DATETIME,
    CONSTRAINT "Store_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "agentId" TEXT,
    "access" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Grant_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Grant_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "Session_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Session_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Memory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "livePath" TEXT,
    "headVersionId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Memory_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemoryVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "memoryId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "cause" TEXT NOT NULL DEFAULT 'write',
    "content" TEXT,
    "contentSha256" TEXT,
    "sizeBytes" INTEGER,
    "path" TEXT,
    "previousPath" TEXT,
    "restoredFromId" TEXT,
    "actorType" TEXT NOT NULL,
    "sessionId" TEXT,
    "apiKeyId" TEXT,
    "userId" TEXT,
    "agentId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "redactedAt" DATETIME,
    "redactedBy" TEXT,
    CONSTRAINT "MemoryVersion_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemoryRead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "memoryId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "sessionId" TEXT,
    "apiKeyId" TEXT,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "MemoryRead_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "storeId" TEXT,
    "sessionId" TEXT,
    "targetType" TEXT,
    "targetId" TEXT,
    "requestId" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "AuditEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Redaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT,
    "mode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "versionIds" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_workspaceId_createdAt_idx" ON "User"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_workspaceId_name_key" ON "Agent"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_createdAt_idx" ON "ApiKey"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_agentId_idx" ON "ApiKey"("workspaceId", "agentId");

-- CreateIndex
CREATE INDEX "Store_workspaceId_createdAt_idx" ON "Store"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "Grant_workspaceId_storeId_idx" ON "Grant"("workspaceId", "storeId");

-- CreateIndex
CREATE INDEX "Grant_workspaceId_agentId_idx" ON "Grant"("workspaceId", "agentId");

-- CreateIndex
CREATE INDEX "Session_workspaceId_startedAt_idx" ON "Session"("workspaceId", "startedAt");

-- CreateIndex
CREATE INDEX "Session_workspaceId_agentId_startedAt_idx" ON "Session"("workspaceId", "agentId", "startedAt");

-- CreateIndex
CREATE INDEX "Session_workspaceId_externalId_idx" ON "Session"("workspaceId", "externalId");

-- CreateIndex
CREATE INDEX "Memory_workspaceId_storeId_path_idx" ON "Memory"("workspaceId", "storeId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Memory_storeId_livePath_key" ON "Memory"("storeId", "livePath");

-- CreateIndex
CREATE INDEX "MemoryVersion_storeId_id_idx" ON "MemoryVersion"("storeId", "id");

-- CreateIndex
CREATE INDEX "MemoryVersion_storeId_memoryId_id_idx" ON "MemoryVersion"("storeId", "memoryId", "id");

-- CreateIndex
CREATE INDEX "MemoryVersion_storeId_createdAt_idx" ON "MemoryVersion"("storeId", "createdAt");

-- CreateIndex
CREATE INDEX "MemoryVersion_workspaceId_sessionId_id_idx" ON "MemoryVersion"("workspaceId", "sessionId", "id");

-- CreateIndex
CREATE INDEX "MemoryVersion_workspaceId_apiKeyId_id_idx" ON "MemoryVersion"("workspaceId", "apiKeyId", "id");

-- CreateIndex
CREATE INDEX "MemoryRead_workspaceId_sessionId_id_idx" ON "MemoryRead"("workspaceId", "sessionId", "id");

-- CreateIndex
CREATE INDEX "MemoryRead_storeId_memoryId_id_idx" ON "MemoryRead"("storeId", "memoryId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_action_seq_idx" ON "AuditEvent"("workspaceId", "action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_storeId_seq_idx" ON "AuditEvent"("workspaceId", "storeId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_sessionId_seq_idx" ON "AuditEvent"("workspaceId", "sessionId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_actorId_seq_idx" ON "AuditEvent"("workspaceId", "actorId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_workspaceId_seq_key" ON "AuditEvent"("workspaceId", "seq");

-- CreateIndex
CREATE INDEX "Redaction_workspaceId_createdAt_idx" ON "Redaction"("workspaceId", "createdAt");
