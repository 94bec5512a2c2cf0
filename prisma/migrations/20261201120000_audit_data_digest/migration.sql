-- Events chained over a digest of their data (hashVersion 2). Existing events keep hashVersion 1
-- and verify exactly as before; the chain continues from its current head.
ALTER TABLE "AuditEvent" ADD COLUMN "dataSha256" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "hashVersion" INTEGER NOT NULL DEFAULT 1;
