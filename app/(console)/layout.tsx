import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { scopesOf } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { signOutAction } from "./sign-out-action";

// Every console page reads the signed-in user per request.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser();
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} scopes={scopesOf(user)} signOutAction={signOutAction}>
      {children}
    </AppShell>
  );
}
