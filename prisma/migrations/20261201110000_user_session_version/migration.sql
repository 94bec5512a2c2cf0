-- Console sessions carry the user's sessionVersion; existing sessions (which carry none) count as version 0.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
