import "server-only";
import { lineColumn, type Detection } from "@/lib/detectors/detection";
import { newId } from "@/lib/ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import { hmacHex } from "../crypto";
import { runTransaction } from "../db/transaction";
import { publishLocal } from "../events/event-bus";
import { findingPreview } from "./finding-preview";

export type ScannedVersionRow = { id: string; workspaceId: string; storeId: string; memoryId: string; content: string };

/**
 * Stores the findings of one version, with an audit event and a live event each, in one
 * transaction on the workspace's chain. A version already recorded (a rescan) adds nothing.
 */
export async function recordFindings(version: ScannedVersionRow, detections: Detection[]): Promise<number> {
  if (detections.length === 0) return 0;
  return runTransaction(
    async ({ tx, afterCommit }) => {
      if (await tx.finding.findFirst({ where: { versionId: version.id }, select: { id: true } })) return 0;
      const workspace = await tx.workspace.findUnique({ where: { id: version.workspaceId }, select: { hmacKey: true } });
      if (!workspace) return 0;
      const now = new Date();
      for (const d of detections) {
        const { line, column } = lineColumn(version.content, d.start);
        const finding = await tx.finding.create({
          data: {
            id: newId("finding"),
            workspaceId: version.workspaceId,
            storeId: version.storeId,
            memoryId: version.memoryId,
            versionId: version.id,
            rule: d.rule,
            kind: d.kind,
            line,
            column,
            startOffset: d.start,
            endOffset: d.end,
            preview: findingPreview(version.content, d, detections),
            digest: hmacHex(workspace.hmacKey, version.content.slice(d.start, d.end)),
            createdAt: now,
          },
        });
        const event = await appendAuditEvent(tx, {
          workspaceId: version.workspaceId,
          actorType: "system",
          actorId: "detector",
          action: "finding.created",
          storeId: version.storeId,
          targetType: "finding",
          targetId: finding.id,
          createdAt: now,
          data: { finding_id: finding.id, rule: d.rule, kind: d.kind, memory_id: version.memoryId, memory_version_id: version.id, line, column },
        });
        afterCommit(() =>
          publishLocal({
            workspaceId: version.workspaceId,
            seq: event.seq,
            action: "finding.created",
            storeId: version.storeId,
            sessionId: null,
            memoryId: version.memoryId,
            versionId: version.id,
            path: null,
            at: now.toISOString(),
          }),
        );
      }
      return detections.length;
    },
    { lockWorkspace: version.workspaceId },
  );
}
