-- Findings of the secret and personal-data detectors, the background scanner's position and
-- markers, and which redactions changed which versions. New tables only: existing rows are
-- untouched; the scanner starts at the oldest version, so existing history is scanned once.
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "memoryId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "endOffset" INTEGER NOT NULL,
    "preview" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reason" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME,
    "redactionId" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Finding_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Finding_versionId_rule_startOffset_key" ON "Finding"("versionId", "rule", "startOffset");
CREATE INDEX "Finding_workspaceId_id_idx" ON "Finding"("workspaceId", "id");
CREATE INDEX "Finding_workspaceId_status_rule_id_idx" ON "Finding"("workspaceId", "status", "rule", "id");
CREATE INDEX "Finding_storeId_id_idx" ON "Finding"("storeId", "id");
CREATE INDEX "Finding_workspaceId_digest_idx" ON "Finding"("workspaceId", "digest");

CREATE TABLE "ScannedVersion" (
    "versionId" TEXT NOT NULL PRIMARY KEY,
    "scannedAt" DATETIME NOT NULL
);

CREATE TABLE "ScanState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lowWater" TEXT NOT NULL DEFAULT '',
    "head" TEXT NOT NULL DEFAULT '',
    "scanned" INTEGER NOT NULL DEFAULT 0,
    "found" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

CREATE TABLE "VersionRedaction" (
    "versionId" TEXT NOT NULL,
    "redactionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    PRIMARY KEY ("versionId", "redactionId")
);
CREATE INDEX "VersionRedaction_redactionId_idx" ON "VersionRedaction"("redactionId");
