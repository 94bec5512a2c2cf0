export type ShellUser = { name: string; email: string; role: string };

/** Who is signed in, and the way out. A <details> needs no client JavaScript. */
export function UserMenu({ user, signOutAction }: { user: ShellUser; signOutAction: () => Promise<void> }) {
  return (
    <details className="user-menu" open>
      <summary aria-label="Account">
        <span className="user-name">{user.name}</span>
        <span className="user-role" data-testid="user-role">
          {user.role}
        </span>
      </summary>
      <div className="muted" style={{ fontSize: 12, color: "#8b96a5" }}>
        {user.email}
      </div>
      <form action={signOutAction}>
        <button className="button secondary" type="submit">
          Sign out
        </button>
      </form>
    </details>
  );
}
