import type { ReactNode } from "react";
import { UnsavedChangesProvider } from "../editor/unsaved-changes";
import { GoToLauncher } from "../goto/goto-launcher";
import { QueryProvider } from "../providers/query-provider";
import styles from "./app-shell.module.css";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";
import { Sidebar } from "./sidebar";
import type { Theme } from "./theme";
import { UserMenu, type ShellUser } from "./user-menu";

/** `scopes`: the signed-in user's permissions, which decide the navigation entries shown. */
export function AppShell({
  user,
  scopes,
  theme,
  signOutAction,
  children,
}: {
  user: ShellUser;
  scopes: readonly string[];
  theme: Theme;
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <UnsavedChangesProvider>
      <QueryProvider>
        <a className={styles.skipLink} href="#main">
          Skip to content
        </a>
        <div className={styles.shell}>
          <Sidebar brand={<Brand />}>
            <GoToLauncher owner={user.email} />
            <NavLinks scopes={scopes} />
            <UserMenu user={user} theme={theme} signOutAction={signOutAction} />
          </Sidebar>
          <main id="main" className={styles.main} tabIndex={-1}>
            {children}
          </main>
        </div>
      </QueryProvider>
    </UnsavedChangesProvider>
  );
}
