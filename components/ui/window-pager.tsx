"use client";
import type { ListWindow } from "./use-window";
import styles from "./window-pager.module.css";

/** "Stores 1–10 of 68" with Previous and Next, under a windowed list (`useWindow`); nothing when all fit. */
export function WindowPager({ noun, window: w }: { noun: string; window: ListWindow<unknown> }) {
  if (!w.previous && !w.next) return null;
  return (
    <nav className={styles.pager} aria-label={`${noun} pages`}>
      <span className="muted small" role="status">
        {noun} {w.start + 1}–{w.start + w.shown.length} of {w.total}
      </span>
      <button type="button" className="button ghost" onClick={w.previous ?? undefined} disabled={!w.previous}>
        Previous {noun.toLowerCase()}
      </button>
      <button type="button" className="button ghost" onClick={w.next ?? undefined} disabled={!w.next}>
        Next {noun.toLowerCase()}
      </button>
    </nav>
  );
}
