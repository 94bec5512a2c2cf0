import styles from "./nav.module.css";
import type { Theme } from "./theme";
import { ThemeSelect } from "./theme-select";

export type ShellUser = { name: string; email: string; role: string };

/** Who is signed in, the theme, and the way out. */
export function UserMenu({ user, theme, signOutAction }: { user: ShellUser; theme: Theme; signOutAction: () => Promise<void> }) {
  return (
    <section className={styles.userMenu} aria-label="Account">
      <span className={styles.userName}>{user.name}</span>
      <span className={styles.userRole} data-testid="user-role">
        {user.role}
      </span>
      <span className={styles.email}>{user.email}</span>
      <ThemeSelect initial={theme} />
      <form action={signOutAction}>
        <button className={styles.signOut} type="submit">
          Sign out
        </button>
      </form>
    </section>
  );
}
