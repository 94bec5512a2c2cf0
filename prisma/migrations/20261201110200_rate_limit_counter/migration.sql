-- Rate limits shared by every process on the database (API keys, failed sign-ins).
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "granted" INTEGER NOT NULL,
    "resetAtMs" BIGINT NOT NULL
);
CREATE INDEX "RateLimitCounter_resetAtMs_idx" ON "RateLimitCounter"("resetAtMs");
