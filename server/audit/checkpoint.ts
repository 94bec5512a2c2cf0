import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonicalize } from "@/lib/canonical-json";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { config } from "../config";
import { sha256Hex } from "../crypto";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { ApiError } from "../http/api-error";
import { auditRequest } from "./append-audit-event";
import { saveCheckpoint } from "./checkpoint-store";
import { verifyAuditChain } from "./verify-audit-chain";
import { dataDir } from "../data-dir";

export type SignedFields = { workspace_id: string; seq: number; head_hash: string; created_at: string };
export type Checkpoint = SignedFields & { type: "audit_checkpoint"; algorithm: "Ed25519"; signature: string; public_key: string; key_id: string };

/** The signing key lives in a file, never in the database: whoever can rewrite the database cannot forge checkpoints. */
export function checkpointKeyFile(): string {
  return config.checkpointKeyFile ?? path.join(dataDir(), "checkpoint-ed25519.pem");
}

/** Loads the Ed25519 key, creating it (mode 0600, public key beside it as .pub) on first use. */
export function loadSigningKey(file = checkpointKeyFile()): { privateKey: KeyObject; publicKeyPem: string } {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    try {
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
      writeFileSync(`${file}.pub`, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return { privateKey, publicKeyPem };
}

export const keyId = (publicKeyPem: string) => sha256Hex(createPublicKey(publicKeyPem).export({ type: "spki", format: "der" })).slice(0, 16);
const signedBytes = (fields: SignedFields) =>
  Buffer.from(canonicalize({ workspace_id: fields.workspace_id, seq: fields.seq, head_hash: fields.head_hash, created_at: fields.created_at }));

/**
 * Signs the current head of the workspace's audit chain. The checkpoint is itself recorded
 * (audit.checkpoint) and covers that record. A broken chain is not signed.
 */
export async function createCheckpoint(ctx: RequestContext): Promise<Checkpoint> {
  authorize(ctx, "audit:read");
  const workspaceId = ctx.principal.workspaceId;
  const report = await verifyAuditChain(workspaceId);
  if (!report.ok)
    throw new ApiError("conflict_error", `The audit chain is broken at event ${report.brokenAtSeq} (${report.problem}); it cannot be checkpointed.`);
  const key = loadSigningKey();
  const kid = keyId(key.publicKeyPem);
  const event = await runTransaction(({ tx }) =>
    auditRequest(tx, ctx, {
      action: "audit.checkpoint",
      data: { key_id: kid, previous_seq: report.headSeq },
    }),
  );
  const fields: SignedFields = { workspace_id: workspaceId, seq: event.seq, head_hash: event.hash, created_at: event.createdAt.toISOString() };
  const checkpoint: Checkpoint = {
    type: "audit_checkpoint",
    ...fields,
    algorithm: "Ed25519",
    signature: sign(null, signedBytes(fields), key.privateKey).toString("base64"),
    public_key: key.publicKeyPem,
    key_id: kid,
  };
  saveCheckpoint(checkpoint);
  return checkpoint;
}

/** Whether the checkpoint's signature matches its fields under the key it carries. */
export function signatureValid(checkpoint: Checkpoint): boolean {
  try {
    return verify(null, signedBytes(checkpoint), createPublicKey(checkpoint.public_key), Buffer.from(checkpoint.signature, "base64"));
  } catch {
    return false;
  }
}

export type CheckpointCheck = { ok: boolean; problems: string[]; trustedKey: boolean };

/**
 * Verifies a checkpoint offline (signature; the key must equal `trustedPublicKeyPem` when one is
 * given) and against the database: the chain must verify and still hold that seq with that hash,
 * which catches truncation and rewrites after the checkpoint.
 */
export async function verifyCheckpoint(checkpoint: Checkpoint, trustedPublicKeyPem?: string): Promise<CheckpointCheck> {
  const problems: string[] = [];
  if (!signatureValid(checkpoint)) problems.push("the signature does not match the checkpoint's fields");
  const trustedKey = trustedPublicKeyPem !== undefined;
  if (trustedPublicKeyPem && keyId(trustedPublicKeyPem) !== keyId(checkpoint.public_key))
    problems.push("the checkpoint was signed with a different key than the trusted public key");

  const chain = await verifyAuditChain(checkpoint.workspace_id);
  if (!chain.ok) problems.push(`the audit chain is broken at event ${chain.brokenAtSeq}${chain.eventId ? ` (${chain.eventId})` : ""}: ${chain.problem}`);
  const { db } = await getDb();
  const row = await db.auditEvent.findUnique({ where: { workspaceId_seq: { workspaceId: checkpoint.workspace_id, seq: checkpoint.seq } } });
  if (!row) problems.push(`event ${checkpoint.seq} named by the checkpoint is missing: the log was truncated or rewritten after the checkpoint`);
  else if (row.hash !== checkpoint.head_hash)
    problems.push(`event ${checkpoint.seq} no longer has the checkpointed hash: the log was rewritten after the checkpoint`);
  return { ok: problems.length === 0, problems, trustedKey };
}
