"use client";
import { useMemo, useState } from "react";

export type ListWindow<T> = {
  /** The items of the current window. */
  shown: readonly T[];
  /** How many items match the filter, and the window's first index among them. */
  total: number;
  start: number;
  previous: (() => void) | null;
  next: (() => void) | null;
};

/**
 * A window of `size` items of a list the page already holds, narrowed to those whose `key`
 * contains `text` (any case). Pages whose lists grow with the workspace (the grant matrix is
 * stores × agents) render a window, never the whole list: a few thousand form controls make
 * every keystroke on the page slow. Changing the filter goes back to the first window.
 */
export function useWindow<T>(items: readonly T[], text: string, key: (item: T) => string, size: number): ListWindow<T> {
  const [position, setPosition] = useState({ text, start: 0 });
  const needle = text.trim().toLowerCase();
  const matching = useMemo(() => (needle ? items.filter((item) => key(item).toLowerCase().includes(needle)) : items), [items, needle, key]);
  // A new filter text starts at the first window; a list that shrank keeps the window in range.
  const wanted = position.text === text ? position.start : 0;
  const start = Math.max(0, Math.min(wanted, Math.floor(Math.max(matching.length - 1, 0) / size) * size));
  return {
    shown: matching.slice(start, start + size),
    total: matching.length,
    start,
    previous: start > 0 ? () => setPosition({ text, start: start - size }) : null,
    next: start + size < matching.length ? () => setPosition({ text, start: start + size }) : null,
  };
}
