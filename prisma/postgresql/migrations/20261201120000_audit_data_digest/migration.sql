-- Events chained over a digest of their data (hashVersion 2). Existing events keep hashVersion 1
-- and verify exactly as before; the chain continues from its current head.
ALTER TABLE "AuditEvent" ADD COLUMN "dataSha256" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "hashVersion" INTEGER NOT NULL DEFAULT 1;

-- Writers insert events unsealed, at seq = -nextval(...) (commit order is unknown to them); the
-- sealer gives them their place in the chain in that order.
CREATE SEQUENCE "AuditEvent_pending_seq";
