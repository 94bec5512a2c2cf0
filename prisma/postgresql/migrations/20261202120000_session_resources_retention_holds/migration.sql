-- Session attachments (memory stores attached to a session), per-store retention policy and
-- legal holds. Existing stores keep every version (retentionVersionDays null).
ALTER TABLE "Store" ADD COLUMN "retentionVersionDays" INTEGER;
ALTER TABLE "Store" ADD COLUMN "retentionKeepLatest" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "SessionResource" (
    "sessionId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "access" TEXT NOT NULL,
    "instructions" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "mountPath" TEXT NOT NULL,

    CONSTRAINT "SessionResource_pkey" PRIMARY KEY ("sessionId", "storeId")
);
ALTER TABLE "SessionResource" ADD CONSTRAINT "SessionResource_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SessionResource" ADD CONSTRAINT "SessionResource_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "SessionResource_storeId_idx" ON "SessionResource"("storeId");

CREATE TABLE "LegalHold" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "memoryId" TEXT,
    "reason" TEXT NOT NULL,
    "placedBy" TEXT NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL,
    "liftedAt" TIMESTAMP(3),
    "liftedBy" TEXT,
    "liftReason" TEXT,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "LegalHold_workspaceId_id_idx" ON "LegalHold"("workspaceId", "id");
CREATE INDEX "LegalHold_storeId_liftedAt_idx" ON "LegalHold"("storeId", "liftedAt");
