import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { parseTheme, THEME_COOKIE } from "@/components/shell/theme";
import { scopesOf } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { signOutAction } from "./sign-out-action";

// Every console page reads the signed-in user per request.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} scopes={scopesOf(user)} theme={theme} signOutAction={signOutAction}>
      {children}
    </AppShell>
  );
}
