// Row builders shared by the bulk profile and the fixtures: versions, heads, reads and the
// workspace's hash-chained audit events, computed with the server's own eventHash so
// `audit verify` accepts the generated chain.
import { newId } from "@/lib/ids";
import { eventHash, GENESIS_HASH } from "@/server/audit/event-hash";
import { dateValue, type BulkWriter } from "./bulk-writer";
import { bytes, sha256 } from "./content";

const VERSION_COLUMNS = [
  "id",
  "workspaceId",
  "storeId",
  "memoryId",
  "operation",
  "cause",
  "content",
  "contentSha256",
  "sizeBytes",
  "path",
  "actorType",
  "sessionId",
  "apiKeyId",
  "agentId",
  "createdAt",
];
const MEMORY_COLUMNS = ["id", "workspaceId", "storeId", "path", "livePath", "headVersionId", "content", "contentSha256", "sizeBytes", "createdAt", "updatedAt"];
const AUDIT_COLUMNS = [
  "id",
  "workspaceId",
  "seq",
  "createdAt",
  "actorType",
  "actorId",
  "action",
  "storeId",
  "sessionId",
  "targetType",
  "targetId",
  "requestId",
  "data",
  "prevHash",
  "hash",
];
const READ_COLUMNS = ["id", "workspaceId", "storeId", "memoryId", "versionId", "path", "actorType", "sessionId", "apiKeyId", "createdAt"];

export type Actor = { sessionId: string; apiKeyId: string; agentId: string };
export type Head = { id: string; storeId: string; path: string; createdAt: number; versionId: string; content: string; sha: string; size: number };

export class Loader {
  private seq = 0;
  private prevHash = GENESIS_HASH;
  versions = 0;
  bytes = 0;
  constructor(
    readonly writer: BulkWriter,
    readonly workspaceId: string,
  ) {}

  date(ms: number) {
    return dateValue(this.writer.dialect, ms);
  }

  /** One version of `head` (created when head.versionId is empty) plus its audit event. */
  async version(head: Head, content: string, actor: Actor, time: number): Promise<Head> {
    const operation = head.versionId ? "modified" : "created";
    const id = newId("version", time);
    const sha = sha256(content);
    const size = bytes(content);
    const at = this.date(time);
    await this.writer.add("MemoryVersion", VERSION_COLUMNS, [
      id,
      this.workspaceId,
      head.storeId,
      head.id,
      operation,
      "write",
      content,
      sha,
      size,
      head.path,
      "session",
      actor.sessionId,
      actor.apiKeyId,
      actor.agentId,
      at,
    ]);
    await this.audit(time, actor.sessionId, `memory.${operation}`, head.storeId, actor.sessionId, "memory", head.id, {
      memory_version_id: id,
      path: head.path,
      content_sha256: sha,
      content_size_bytes: size,
      cause: "write",
      api_key_id: actor.apiKeyId,
    });
    this.versions++;
    this.bytes += size;
    return { ...head, versionId: id, content, sha, size };
  }

  /** The memory row pointing at its last version. */
  async memory(head: Head, updatedAt: number): Promise<void> {
    await this.writer.add("Memory", MEMORY_COLUMNS, [
      head.id,
      this.workspaceId,
      head.storeId,
      head.path,
      head.path,
      head.versionId,
      head.content,
      head.sha,
      head.size,
      this.date(head.createdAt),
      this.date(updatedAt),
    ]);
  }

  async read(head: Head, actor: Actor, time: number): Promise<void> {
    await this.writer.add("MemoryRead", READ_COLUMNS, [
      newId("read", time),
      this.workspaceId,
      head.storeId,
      head.id,
      head.versionId,
      head.path,
      "session",
      actor.sessionId,
      actor.apiKeyId,
      this.date(time),
    ]);
  }

  async audit(
    time: number,
    actorId: string,
    action: string,
    storeId: string | null,
    sessionId: string | null,
    targetType: string,
    targetId: string,
    data: object,
  ) {
    const actorType = sessionId ? "session" : "system";
    const fields = {
      id: newId("auditEvent", time),
      workspaceId: this.workspaceId,
      seq: ++this.seq,
      createdAt: new Date(time),
      actorType,
      actorId,
      action,
      storeId,
      sessionId,
      targetType,
      targetId,
      requestId: newId("request", time),
      data: JSON.stringify(data),
      prevHash: this.prevHash,
    };
    const hash = eventHash(fields);
    this.prevHash = hash;
    await this.writer.add("AuditEvent", AUDIT_COLUMNS, [
      fields.id,
      fields.workspaceId,
      fields.seq,
      this.date(time),
      actorType,
      actorId,
      action,
      storeId,
      sessionId,
      targetType,
      targetId,
      fields.requestId,
      fields.data,
      fields.prevHash,
      hash,
    ]);
  }
}
