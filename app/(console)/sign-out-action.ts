"use server";
import { appendAuditEvent } from "@/server/audit/append-audit-event";
import { signOut } from "@/server/auth/next-auth";
import { currentUser } from "@/server/auth/require-user";
import { runTransaction } from "@/server/db/transaction";

export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  if (user) {
    await runTransaction(
      ({ tx }) =>
        appendAuditEvent(tx, {
          workspaceId: user.workspaceId,
          actorType: "user",
          actorId: user.userId,
          action: "user.signed_out",
          targetType: "user",
          targetId: user.userId,
        }),
      { lockWorkspace: user.workspaceId },
    );
  }
  await signOut({ redirectTo: "/login" });
}
