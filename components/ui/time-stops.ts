// Which times take keyboard focus, and how a keyboard moves between them. A time outside links and
// buttons shows its exact time when focused; in a list or table that would be one Tab per row, so a
// list holds one tab stop for all its times (a roving tab index: the arrow keys move along them).

// Inside these the time is read with its control (a link, a button, a hover card), which has the tab stop.
const INTERACTIVE = "a, button, summary, label, tr[tabindex], [role=button], [role=link], [role=option], [role=treeitem], [role=dialog], [role=tooltip]";
// A list's times share one tab stop: the nearest element marked as a group, else the nearest list or table.
const MARKED_GROUP = "[data-time-group]";
const NATURAL_GROUP = "table, ol, ul, [role=list], [role=table], [role=grid]";

/** Spread on an element whose times (however deeply nested in lists) should share one tab stop. */
export const timeGroup = { "data-time-group": "" } as const;

const groupOf = (time: HTMLElement) => time.closest<HTMLElement>(MARKED_GROUP) ?? time.closest<HTMLElement>(NATURAL_GROUP);
const members = (group: HTMLElement) => [...group.querySelectorAll<HTMLElement>("time[tabindex]")].filter((time) => groupOf(time) === group);

/** Only a list with other times says so in its focus tooltip ("↑↓ other times"): marks its times while it has two or more. */
function markRoving(times: HTMLElement[]) {
  for (const time of times) time.toggleAttribute("data-roving", times.length > 1);
}

const moves: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(count - 1, index + 1),
  ArrowRight: (index, count) => Math.min(count - 1, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  ArrowLeft: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_, count) => count - 1,
};

/**
 * Makes a mounted <time> a tab stop, or, in a list, the list's one tab stop (the first time) or a
 * time the arrow keys reach from it. Returns the cleanup for when the time unmounts.
 */
export function makeTimeFocusable(time: HTMLElement): () => void {
  if (time.parentElement?.closest(INTERACTIVE)) return () => {};
  const group = groupOf(time);
  if (!group) {
    time.tabIndex = 0;
    return () => {};
  }
  const others = members(group).filter((other) => other !== time);
  time.tabIndex = others.some((other) => other.tabIndex === 0) ? -1 : 0;
  markRoving([...others, time]);
  const take = () => {
    for (const other of members(group)) other.tabIndex = other === time ? 0 : -1;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const all = members(group);
    const next = all[move(all.indexOf(time), all.length)];
    // The list's own keys (a version list's ↑/↓ selection) stay with the list when focus is elsewhere.
    event.preventDefault();
    event.stopPropagation();
    if (next && next !== time) next.focus();
  };
  time.addEventListener("focus", take);
  time.addEventListener("keydown", onKeyDown);
  return () => {
    time.removeEventListener("focus", take);
    time.removeEventListener("keydown", onKeyDown);
    // The whole list went (a page change): nothing left to keep.
    if (!group.isConnected) return;
    const rest = members(group).filter((other) => other !== time && other.isConnected);
    markRoving(rest);
    // The list keeps a tab stop when the row holding it goes (a filter, a virtualised list scrolling).
    if (time.tabIndex === 0 && rest.length > 0 && !rest.some((other) => other.tabIndex === 0)) rest[0].tabIndex = 0;
  };
}
