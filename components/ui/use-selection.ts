"use client";
import { useState } from "react";
import type { RowSelection } from "./list-table";

/** Which rows of a ListTable are ticked; `clear` after acting on them or when the list changes. */
export function useSelection(label: (id: string) => string): RowSelection & { ids: string[]; clear: () => void } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return { selected, toggle, label, ids: [...selected], clear: () => setSelected(new Set()) };
}
