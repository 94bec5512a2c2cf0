import "server-only";
import { z } from "@hono/zod-openapi";
import { getSessionChanges } from "../../timeline/get-session-changes";
import { getSessionTimeline } from "../../timeline/get-session-timeline";
import { defineRoute } from "../define-route";
import { booleanQuery, limit, page, pageOf, timelineEventSchema } from "../schemas";

const changeReadSchema = z.object({
  memory_store_id: z.string(),
  memory_id: z.string(),
  path: z.string().nullable(),
  memory_version_id: z.string(),
  created_at: z.string(),
});

const sessionChangeSchema = z
  .object({
    memory_store_id: z.string(),
    memory_id: z.string(),
    path: z.string().nullable(),
    previous_path: z.string().nullable(),
    status: z.enum(["created", "modified", "renamed", "deleted", "unchanged"]),
    write_count: z.number().int(),
    before_version_id: z
      .string()
      .nullable()
      .openapi({ description: "The file's version before the session's first write to it (null: created in the session)" }),
    after_version_id: z.string().openapi({ description: "The session's last version of the file" }),
    redacted: z.boolean(),
    diff: z.string().nullable().openapi({ description: "Unified diff from before_version_id to after_version_id; null when either is redacted" }),
    reads_before: z.array(changeReadSchema).openapi({ description: "The session's reads before its last write to this file, newest first (at most 20)" }),
    changed_at: z.string(),
  })
  .openapi("SessionChange");

export const sessionChangesResponseSchema = pageOf(sessionChangeSchema)
  .extend({ truncated: z.boolean().openapi({ description: "The session wrote or read more than 5,000 times; only the first are summarised" }) })
  .openapi("SessionChanges");
export type WireSessionChanges = z.infer<typeof sessionChangesResponseSchema>;

export const timelineRoutes = [
  defineRoute({
    method: "get",
    path: "/sessions/{session_id}/changes",
    summary: "What a session learned: per file, newest first, the net change from before the session to its last write, with the reads that preceded it",
    tag: "Sessions",
    params: z.object({ session_id: z.string().min(1).max(100) }),
    query: z.object({ limit, page }),
    response: sessionChangesResponseSchema,
    handler: ({ ctx, params, query }) => getSessionChanges(ctx, params.session_id, { limit: query.limit, page: query.page }),
  }),
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
