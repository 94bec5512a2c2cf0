import type { ReactNode } from "react";
import { QueryProvider } from "../providers/query-provider";
import { NavLinks } from "./nav-links";
import { UserMenu, type ShellUser } from "./user-menu";

/** `scopes`: the signed-in user's permissions, which decide the navigation entries shown. */
export function AppShell({
  user,
  scopes,
  signOutAction,
  children,
}: {
  user: ShellUser;
  scopes: readonly string[];
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            E
          </span>
          Engram
        </div>
        <NavLinks scopes={scopes} />
        <UserMenu user={user} signOutAction={signOutAction} />
      </aside>
      <main className="main">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
