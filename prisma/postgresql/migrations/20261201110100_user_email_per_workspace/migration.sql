-- Emails are unique per workspace, no longer across workspaces (existing rows already satisfy it);
-- password sign-in still looks users up by email alone, hence the plain index.
DROP INDEX "User_email_key";
CREATE UNIQUE INDEX "User_workspaceId_email_key" ON "User"("workspaceId", "email");
CREATE INDEX "User_email_idx" ON "User"("email");
