import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkpointKeyFile, createCheckpoint, verifyCheckpoint, type Checkpoint } from "@/server/audit/checkpoint";
import { newId } from "@/lib/ids";
import { systemContext } from "./system-context";

/** Prints a signed checkpoint of the audit chain's head on stdout: `npm run -s cli -- audit checkpoint > cp.json`. */
export async function auditCheckpoint(args: string[]): Promise<number> {
  // Its output is JSON already; --json is accepted like everywhere.
  const { values } = parseArgs({ args, options: { workspace: { type: "string" }, json: { type: "boolean" } } });
  const ctx = values.workspace ? { principal: { type: "system" as const, workspaceId: values.workspace }, requestId: newId("request") } : await systemContext();
  const checkpoint = await createCheckpoint(ctx);
  console.log(JSON.stringify(checkpoint, null, 2));
  console.error(`Checkpoint of ${checkpoint.workspace_id} at event ${checkpoint.seq} signed with key ${checkpoint.key_id}.`);
  return 0;
}

/**
 * `audit verify --checkpoint FILE [--public-key PEM] [--allow-untrusted]`: checks the signature (against the trusted
 * public key: --public-key, else the local key's .pub file) and that the database's chain still
 * holds the checkpointed event with the checkpointed hash.
 */
export async function verifyCheckpointFile(file: string, publicKeyFile?: string, allowUntrusted = false): Promise<number> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  } catch (error) {
    console.log(`${file}: not a readable checkpoint (${(error as Error).message})`);
    return 1;
  }
  const trustedFile = publicKeyFile ?? `${checkpointKeyFile()}.pub`;
  const trusted = existsSync(trustedFile) ? readFileSync(trustedFile, "utf8") : undefined;
  const result = await verifyCheckpoint(checkpoint, trusted);
  const keyNote = result.trustedKey
    ? `key ${checkpoint.key_id} matches ${trustedFile}`
    : "no trusted public key given (--public-key): the signature was checked with the key inside the checkpoint only";
  if (result.ok && !result.trustedKey && !allowUntrusted) {
    // A checkpoint signed by whatever key it carries proves nothing: anyone can make one.
    console.log(`${checkpoint.workspace_id}: checkpoint NOT TRUSTED at event ${checkpoint.seq}: ${keyNote}. Pass --allow-untrusted to accept that.`);
    return 2;
  }
  if (result.ok) {
    console.log(`${checkpoint.workspace_id}: checkpoint OK at event ${checkpoint.seq} ${checkpoint.head_hash}; ${keyNote}`);
    return 0;
  }
  console.log(`${checkpoint.workspace_id}: checkpoint FAILED at event ${checkpoint.seq}:`);
  for (const problem of result.problems) console.log(`  - ${problem}`);
  return 1;
}
