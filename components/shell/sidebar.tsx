"use client";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import styles from "./app-shell.module.css";

/** The sidebar; on narrow windows a top bar whose Menu button shows the navigation. */
export function Sidebar({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState<string | null>(null);
  // Open for the page it was opened on: following a link closes it.
  const isOpen = open === pathname;
  return (
    <aside className={styles.sidebar} data-open={isOpen}>
      <div className={styles.bar}>
        {brand}
        <button
          type="button"
          className={styles.menuButton}
          aria-expanded={isOpen}
          aria-controls="sidebar-panel"
          onClick={() => setOpen(isOpen ? null : pathname)}
        >
          Menu
        </button>
      </div>
      <div id="sidebar-panel" className={styles.panel}>
        {children}
      </div>
    </aside>
  );
}
