// Row builders shared by the bulk profile and the fixtures: versions, heads, reads and the
// workspace's hash-chained audit events, computed with the server's own eventHash so
// `audit verify` accepts the generated chain. Rows go straight through the driver (bulk-writer.ts),
// with the column lists of the server's write path.
import { newId } from "@/lib/ids";
import { eventHash, GENESIS_HASH } from "@/server/audit/event-hash";
import { auditColumns, memoryColumns, versionColumns } from "@/server/memory/write/columns";
import { dateValue, type BulkWriter, type Value } from "./bulk-writer";
import { bytes, sha256 } from "./content";

/** A row of `columns`: the type checker wants a value for each. */
type Row<Columns extends readonly string[]> = Record<Columns[number], Value>;
const values = <Columns extends readonly string[]>(columns: Columns, row: Row<Columns>): Value[] => columns.map((column: Columns[number]) => row[column]);

// Versions, heads and audit events use the write path's own column lists; reads have none there.
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
    await this.writer.add(
      "MemoryVersion",
      versionColumns,
      values(versionColumns, {
        id,
        workspaceId: this.workspaceId,
        storeId: head.storeId,
        memoryId: head.id,
        operation,
        cause: "write",
        content,
        contentSha256: sha,
        sizeBytes: size,
        path: head.path,
        previousPath: null,
        restoredFromId: null,
        actorType: "session",
        sessionId: actor.sessionId,
        apiKeyId: actor.apiKeyId,
        userId: null,
        agentId: actor.agentId,
        createdAt: at,
        redactedAt: null,
        redactedBy: null,
      }),
    );
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
    await this.writer.add(
      "Memory",
      memoryColumns,
      values(memoryColumns, {
        id: head.id,
        workspaceId: this.workspaceId,
        storeId: head.storeId,
        path: head.path,
        livePath: head.path,
        headVersionId: head.versionId,
        content: head.content,
        contentSha256: head.sha,
        sizeBytes: head.size,
        createdAt: this.date(head.createdAt),
        updatedAt: this.date(updatedAt),
        deletedAt: null,
      }),
    );
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
    // Hash version 1 (over the parsed data), as the bench's chains have always been: no data digest.
    await this.writer.add("AuditEvent", auditColumns, values(auditColumns, { ...fields, createdAt: this.date(time), dataSha256: null, hashVersion: 1, hash }));
  }
}
