import "server-only";
import type { Dialect } from "./client";

type Contains = { contains: string; mode?: "insensitive" };

/**
 * Prisma "contains" filters for `text` in any (ASCII) case: SQLite's LIKE ignores ASCII case
 * already, PostgreSQL needs ILIKE (insensitive mode). Prisma hands `%` and `_` to LIKE unescaped,
 * so the text is split at them into plain parts, all of which must appear; the rows found are a
 * superset, which `includesText` narrows to the exact text.
 */
export function containsText(dialect: Dialect, text: string): Contains[] {
  return text
    .split(/[%_\\]+/)
    .filter((part) => part.length > 0)
    .map((part) => (dialect === "postgresql" ? { contains: part, mode: "insensitive" as const } : { contains: part }));
}

/** A Prisma filter for rows whose `name` contains `text` in any (ASCII) case; none for no text. */
export function nameContains(dialect: Dialect, text: string | undefined): { AND?: { name: Contains }[] } {
  return text?.trim() ? { AND: containsText(dialect, text.trim()).map((part) => ({ name: part })) } : {};
}

export const includesText = (value: string | null, text: string) => value !== null && value.toLowerCase().includes(text.toLowerCase());
