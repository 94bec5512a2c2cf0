// Write load whose acknowledgements are recorded, and the after-the-fact check that a database
// holds every acknowledged write with heads, versions and audit events in agreement.
import { expect } from "vitest";
import { sha256Hex } from "@/server/crypto";
import type { Db } from "@/server/db/client";
import { send } from "./matrix";

export type Ack = { memoryId: string; versionId: string; sha: string };

/** `clients` writers create, update (with preconditions), rename and delete until `stop.now`; returns when all stopped. */
export async function writeLoad(
  origin: string,
  key: string,
  storeId: string,
  label: string,
  acks: Ack[],
  stop: { now: boolean },
  clients = 4,
): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let current: { id: string; sha: string } | null = null;
      for (let n = 1; !stop.now; n++) {
        const content = `${label} client ${c} write ${n}\n`.repeat(1 + (n % 5));
        const base = `/memory_stores/${storeId}/memories`;
        let sent;
        try {
          if (!current || n % 9 === 0)
            sent = await send(origin, { method: "POST", path: base, headers: { "x-api-key": key }, body: { path: `/${label}/c${c}/m${n}.md`, content } });
          else if (n % 13 === 0)
            sent = await send(origin, {
              method: "DELETE",
              path: `${base}/${current.id}?expected_content_sha256=${current.sha}`,
              headers: { "x-api-key": key },
            });
          else
            sent = await send(origin, {
              method: "POST",
              path: `${base}/${current.id}`,
              headers: { "x-api-key": key },
              body: {
                content,
                ...(n % 4 === 0 ? { path: `/${label}/c${c}/renamed-${n}.md` } : {}),
                precondition: { type: "content_sha256", content_sha256: current.sha },
              },
            });
        } catch {
          return; // connection refused or reset: the server is gone
        }
        if (sent.status >= 500) {
          errors.push(`${sent.status} ${sent.text.slice(0, 200)}`);
          continue;
        }
        if (sent.status !== 200) throw new Error(`unexpected ${sent.status} ${sent.text.slice(0, 300)}`);
        const body = JSON.parse(sent.text) as { id: string; type?: string; memory_version_id?: string; content_sha256?: string };
        if (body.type === "memory_deleted") {
          acks.push({ memoryId: current!.id, versionId: "", sha: "deleted" });
          current = null;
        } else {
          acks.push({ memoryId: body.id, versionId: body.memory_version_id!, sha: body.content_sha256! });
          current = { id: body.id, sha: body.content_sha256! };
        }
      }
    }),
  );
  return { errors };
}

/**
 * Every memory has versions and its head is the newest, with the head's content, hash, size and
 * paths; every version has its audit event (target and action agreeing); every acknowledged write is there.
 */
export async function expectConsistent(db: Db, workspaceId: string, acks: Ack[]): Promise<{ memories: number; versions: number }> {
  const memories = await db.memory.findMany({ where: { workspaceId } });
  const versions = await db.memoryVersion.findMany({ where: { workspaceId }, orderBy: { id: "asc" } });
  const events = await db.auditEvent.findMany({ where: { workspaceId, targetType: "memory" } });

  const newest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) newest.set(v.memoryId, v);
  for (const m of memories) {
    const head = newest.get(m.id);
    expect(head, `memory ${m.id} has versions`).toBeDefined();
    expect(m.headVersionId, `head of ${m.id}`).toBe(head!.id);
    if (head!.operation === "deleted") {
      expect(m.deletedAt).not.toBeNull();
      expect(m.livePath).toBeNull();
    } else {
      expect({ content: m.content, sha: m.contentSha256, size: m.sizeBytes, path: m.path, live: m.livePath }).toEqual({
        content: head!.content,
        sha: head!.contentSha256,
        size: head!.sizeBytes,
        path: head!.path,
        live: head!.path,
      });
      expect(sha256Hex(m.content)).toBe(m.contentSha256);
    }
  }
  expect(new Set(newest.keys())).toEqual(new Set(memories.map((m) => m.id)));

  const eventByVersion = new Map(events.map((e) => [(JSON.parse(e.data) as { memory_version_id?: string }).memory_version_id, e]));
  for (const v of versions) {
    const event = eventByVersion.get(v.id);
    expect(event, `audit event for version ${v.id}`).toBeDefined();
    expect(event!.targetId).toBe(v.memoryId);
    expect(event!.action).toBe(`memory.${v.operation}`);
  }
  expect(events.length).toBe(versions.length);

  const byId = new Map(versions.map((v) => [v.id, v]));
  for (const ack of acks) {
    if (ack.sha === "deleted") {
      expect(memories.find((m) => m.id === ack.memoryId)?.deletedAt, `acknowledged delete of ${ack.memoryId}`).toBeTruthy();
      continue;
    }
    expect(byId.get(ack.versionId)?.contentSha256, `acknowledged version ${ack.versionId}`).toBe(ack.sha);
  }
  return { memories: memories.length, versions: versions.length };
}
