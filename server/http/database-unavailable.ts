import "server-only";
import { ApiError } from "./api-error";

// Matched against the error and its causes: the driver's own words survive Prisma's wrapping.
const DISK_FULL = /SQLITE_FULL|database or disk is full|No space left on device|ENOSPC|could not extend file/i;
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)|Can't reach database server|connect ETIMEDOUT|Connection refused|Server has closed the connection|P1001|P1017|57P01|57P03/i;

function describeChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== "object") {
      parts.push(String(current));
      break;
    }
    const e = current as { message?: unknown; code?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown; originalMessage?: unknown };
    parts.push(
      [e.message, e.code, e.kind, e.originalCode, e.originalMessage]
        .filter((p) => p !== undefined)
        .map(String)
        .join(" "),
    );
    current = e.cause;
  }
  return parts.join(" | ");
}

/**
 * A database that cannot take writes or cannot be reached is Engram's outage, not a bug: answer
 * 503 with a message an operator can act on (SDKs retry 503), instead of an anonymous 500.
 */
export function databaseUnavailable(error: unknown): ApiError | null {
  const text = describeChain(error);
  if (DISK_FULL.test(text))
    return new ApiError("overloaded_error", "The database's disk is full: writes are refused until space is freed. Nothing was written.");
  if (UNREACHABLE.test(text)) return new ApiError("overloaded_error", "The database is unavailable; retry shortly. Nothing was written.");
  return null;
}
