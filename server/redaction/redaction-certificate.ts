import "server-only";
import { createPublicKey, sign, verify } from "node:crypto";
import { canonicalize } from "@/lib/canonical-json";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { keyId, loadSigningKey } from "../audit/checkpoint";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";

export type CertificateStatement = {
  redaction_id: string;
  workspace_id: string;
  store_id: string | null;
  mode: string;
  reason: string;
  actor: { type: string; id: string };
  created_at: string;
  version_ids: string[];
  version_count: number;
  /** HMAC-SHA256 (workspace key) of what was removed: proves which text without revealing it. */
  digest: string;
  audit_seq: number | null;
  audit_event_hash: string | null;
};
export type RedactionCertificate = {
  type: "redaction_certificate";
  algorithm: "Ed25519";
  statement: CertificateStatement;
  signature: string;
  public_key: string;
  key_id: string;
};

const signedBytes = (statement: CertificateStatement) => Buffer.from(canonicalize(statement));

/**
 * A signed statement of one redaction (the Ed25519 checkpoint key): what was redacted (keyed
 * digest, version ids, count), by whom, why, when, and the audit event that recorded it.
 */
export async function redactionCertificate(ctx: RequestContext, redactionId: string): Promise<RedactionCertificate> {
  authorize(ctx, "redaction:create");
  const { db } = await getDb();
  const r = await db.redaction.findFirst({ where: { id: redactionId, workspaceId: ctx.principal.workspaceId } });
  if (!r) throw notFound(`Redaction ${redactionId}`);
  if (r.storeId) await authorizeStore(ctx, "redaction:create", r.storeId);
  const versionIds = JSON.parse(r.versionIds) as string[];
  const candidates = await db.auditEvent.findMany({
    where: { workspaceId: r.workspaceId, OR: [{ targetId: r.id }, { targetId: { in: versionIds }, action: "version.redacted" }] },
    orderBy: { seq: "asc" },
  });
  const event = candidates.find((e) => e.targetId === r.id || (JSON.parse(e.data) as { redaction_id?: string }).redaction_id === r.id) ?? null;
  const statement: CertificateStatement = {
    redaction_id: r.id,
    workspace_id: r.workspaceId,
    store_id: r.storeId,
    mode: r.mode,
    reason: r.reason,
    actor: { type: r.actorType, id: r.actorId },
    created_at: r.createdAt.toISOString(),
    version_ids: versionIds,
    version_count: versionIds.length,
    digest: r.digest,
    audit_seq: event?.seq ?? null,
    audit_event_hash: event?.hash ?? null,
  };
  const key = loadSigningKey();
  return {
    type: "redaction_certificate",
    algorithm: "Ed25519",
    statement,
    signature: sign(null, signedBytes(statement), key.privateKey).toString("base64"),
    public_key: key.publicKeyPem,
    key_id: keyId(key.publicKeyPem),
  };
}

/** Checks a certificate offline: its signature, and that it was made with the trusted key when one is given. */
export function verifyRedactionCertificate(certificate: RedactionCertificate, trustedPublicKeyPem?: string): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (certificate.type !== "redaction_certificate" || certificate.algorithm !== "Ed25519") problems.push("not an Ed25519 redaction certificate");
  let signatureOk = false;
  try {
    signatureOk = verify(null, signedBytes(certificate.statement), createPublicKey(certificate.public_key), Buffer.from(certificate.signature, "base64"));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) problems.push("the signature does not match the statement");
  if (trustedPublicKeyPem && keyId(trustedPublicKeyPem) !== keyId(certificate.public_key))
    problems.push("signed with a different key than the trusted public key");
  return { ok: problems.length === 0, problems };
}
