import "server-only";
import { z } from "@hono/zod-openapi";
import { getSessionTimeline } from "../../timeline/get-session-timeline";
import { defineRoute } from "../define-route";
import { booleanQuery, page, pageOf } from "../schemas";

const timelineEventSchema = z
  .object({
    type: z.literal("timeline_event"),
    id: z.string(),
    kind: z.enum(["read", "create", "edit", "rename", "delete", "restore", "rollback"]),
    memory_store_id: z.string(),
    memory_id: z.string(),
    path: z.string().nullable(),
    previous_path: z.string().nullable(),
    memory_version_id: z.string(),
    previous_version_id: z.string().nullable(),
    operation: z.string().nullable(),
    cause: z.string().nullable(),
    content_size_bytes: z.number().nullable(),
    previous_content_size_bytes: z.number().nullable(),
    restored_from_version_id: z.string().nullable(),
    redacted: z.boolean(),
    diff: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("TimelineEvent");

export const timelineRoutes = [
  defineRoute({
    method: "get",
    path: "/sessions/{session_id}/timeline",
    summary: "A session's memory events, oldest first: reads, creates, edits with diffs, renames, deletes, restores",
    tag: "Sessions",
    params: z.object({ session_id: z.string().min(1).max(100) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), page, diff: booleanQuery }),
    response: pageOf(timelineEventSchema),
    handler: ({ ctx, params, query }) => getSessionTimeline(ctx, params.session_id, { limit: query.limit, page: query.page, diff: query.diff ?? true }),
  }),
];
