import "server-only";
import type { Dialect } from "./client";

/**
 * Parameters for a raw query built piece by piece: `p(value)` keeps the value and answers its
 * placeholder in the dialect's words (`$1, $2, …` on PostgreSQL, `?` on SQLite); run the query with
 * `...params`.
 */
export function sqlParams(dialect: Dialect) {
  const params: unknown[] = [];
  const p = (value: unknown) => (params.push(value), dialect === "postgresql" ? `$${params.length}` : "?");
  return { params, p };
}
