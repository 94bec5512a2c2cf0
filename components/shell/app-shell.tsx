import type { ReactNode } from "react";
import { QueryProvider } from "../providers/query-provider";
import { NavLinks } from "./nav-links";
import { UserMenu, type ShellUser } from "./user-menu";

export function AppShell({ user, signOutAction, children }: { user: ShellUser; signOutAction: () => Promise<void>; children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            E
          </span>
          Engram
        </div>
        <NavLinks />
        <UserMenu user={user} signOutAction={signOutAction} />
      </aside>
      <main className="main">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
