import "server-only";
import type { AuditEvent } from "../db/generated/sqlite/client";
import { dataDigest, eventHash, eventHashV2 } from "./event-hash";

/** What an audit.data_redacted event vouches for: the event's hash and its data's digest after the redaction. */
export type RedactionRecord = { eventHash: string; dataSha256: string };

/**
 * Why a stored event does not match its own hash, or null. Version 2 hashes the data's stored
 * bytes through their digest (a duplicated key, a changed space or unparseable bytes all fail);
 * data replaced by a recorded redaction verifies against the digest that record holds.
 * Version 1 (older events) hashed the parsed data, so its bytes must also be exactly what the
 * writer stored (JSON.stringify's output) — else a duplicated key would verify.
 */
export function checkEvent(row: AuditEvent, redaction: RedactionRecord | undefined): string | null {
  const digest = dataDigest(row.data);
  if (row.hashVersion >= 2) {
    if (!row.dataSha256 || eventHashV2({ ...row, dataSha256: row.dataSha256 }) !== row.hash) return "its hash does not match its fields";
    if (digest === row.dataSha256 || digest === redaction?.dataSha256) return null;
    return redaction ? "its data is neither what was written nor what its redaction recorded" : "its data does not match the digest it was chained over";
  }
  // A redacted version-1 event cannot be rehashed (its hash covered the removed data): the
  // redaction record, itself chained, vouches for its hash and its new data.
  if (redaction) return redaction.eventHash === row.hash && redaction.dataSha256 === digest ? null : "it changed after its data was redacted";
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.data);
  } catch {
    return "its data is not valid JSON";
  }
  if (JSON.stringify(parsed) !== row.data) return "its data is not the JSON it was written as";
  return eventHash(row) === row.hash ? null : "its hash does not match its contents";
}
