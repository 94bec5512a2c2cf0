import "server-only";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkpointKeyFile, keyId, signatureValid, type Checkpoint } from "./checkpoint";

/**
 * The newest signed checkpoint of each workspace, kept beside the signing key, outside the
 * database: whoever deletes the newest events from the database cannot delete this record
 * through it, and cannot sign a replacement. Several instances share it with the key.
 */
const checkpointFile = (workspaceId: string) => path.join(path.dirname(checkpointKeyFile()), "checkpoints", `${workspaceId.replace(/[^\w-]/g, "_")}.json`);

/** Keeps `checkpoint` unless a newer one is already kept. */
export function saveCheckpoint(checkpoint: Checkpoint): void {
  const file = checkpointFile(checkpoint.workspace_id);
  const current = readCheckpointFile(file);
  if (current && current.seq >= checkpoint.seq) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoint), { mode: 0o644 });
  renameSync(temporary, file);
}

export type KeptCheckpoint = { ok: true; seq: number; headHash: string } | { ok: false; seq: number; problem: string };

/** The workspace's newest kept checkpoint, its signature checked against the local public key; null when none was made. */
export function readLatestCheckpoint(workspaceId: string): KeptCheckpoint | null {
  const checkpoint = readCheckpointFile(checkpointFile(workspaceId));
  if (!checkpoint) return null;
  const publicKeyFile = `${checkpointKeyFile()}.pub`;
  const trusted = existsSync(publicKeyFile) ? readFileSync(publicKeyFile, "utf8") : null;
  const signed = trusted !== null && keyId(trusted) === keyId(checkpoint.public_key) && signatureValid(checkpoint);
  if (!signed) return { ok: false, seq: checkpoint.seq, problem: `the kept checkpoint of event ${checkpoint.seq} is not signed by this installation's key` };
  return { ok: true, seq: checkpoint.seq, headHash: checkpoint.head_hash };
}

function readCheckpointFile(file: string): Checkpoint | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  } catch {
    return { seq: Number.MAX_SAFE_INTEGER } as Checkpoint; // unreadable: reported as unsigned, never silently replaced
  }
}
