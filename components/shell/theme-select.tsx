"use client";
import { useState } from "react";
import { THEME_COOKIE, type Theme } from "./theme";
import styles from "./nav.module.css";

/** System, light or dark; kept in a cookie so the server renders the chosen theme (no flash). */
export function ThemeSelect({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (next: Theme) => {
    setTheme(next);
    if (next === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    window.dispatchEvent(new Event("engram-theme"));
  };
  return (
    <label className={styles.theme}>
      Theme
      <select value={theme} onChange={(event) => choose(event.target.value as Theme)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
