"use client";

/** Something the palette opened: enough to offer it again without asking the server. */
export type RecentItem = { key: string; kind: "file" | "session" | "agent"; label: string; detail: string; href: string };

const MAX = 8;
const storageKey = (owner: string) => `engram-goto-recent:${owner}`;

/** The signed-in user's recently opened items, newest first (this browser only). */
export function readRecent(owner: string): RecentItem[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(storageKey(owner)) ?? "[]");
    return Array.isArray(value) ? (value as RecentItem[]).filter((item) => typeof item?.href === "string" && item.href.startsWith("/")).slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberRecent(owner: string, item: RecentItem) {
  const items = [item, ...readRecent(owner).filter((other) => other.key !== item.key)].slice(0, MAX);
  try {
    window.localStorage.setItem(storageKey(owner), JSON.stringify(items));
  } catch {
    // Storage full or disabled: the palette works without recent items.
  }
}
