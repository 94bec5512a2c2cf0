"use client";
import styles from "./window-pager.module.css";

/** A window of a longer list, and how to move it. */
export type ListWindow<T> = {
  /** The items of the current window. */
  shown: readonly T[];
  /** How many items match the filter, and the window's first index among them. */
  total: number;
  start: number;
  previous: (() => void) | null;
  next: (() => void) | null;
};

/** "Stores 1–10 of 68" with Previous and Next, under a windowed list; nothing when all fit. */
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
