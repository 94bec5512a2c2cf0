import styles from "./nav.module.css";

/** The Engram mark and name; `onPage` for light surfaces such as the sign-in card. */
export function Brand({ onPage }: { onPage?: boolean }) {
  return (
    <div className={styles.brand} style={onPage ? { color: "var(--text)", padding: "0 0 18px" } : undefined}>
      <span className={styles.brandMark} aria-hidden>
        E
      </span>
      Engram
    </div>
  );
}
