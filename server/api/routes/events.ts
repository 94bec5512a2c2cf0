import "server-only";
import { z } from "@hono/zod-openapi";
import { badRequest } from "../../http/api-error";
import { openEventStream } from "../../events/open-event-stream";
import { defineRoute } from "../define-route";

const seq = z.string().regex(/^\d{1,15}$/, "must be a non-negative integer (an event id)");

export const eventRoutes = [
  defineRoute({
    method: "get",
    path: "/events",
    summary: "Stream memory events (Server-Sent Events); resume with Last-Event-ID",
    tag: "Events",
    query: z.object({ store_id: z.string().max(100).optional(), session_id: z.string().max(100).optional(), last_event_id: seq.optional() }),
    raw: true,
    handler: ({ ctx, query, c }) => {
      const header = c.req.header("last-event-id");
      if (header !== undefined && !seq.safeParse(header).success) throw badRequest("Last-Event-ID must be a non-negative integer (an event id)");
      const resumeFrom = header ?? query.last_event_id;
      return openEventStream(ctx, {
        storeId: query.store_id,
        sessionId: query.session_id,
        lastEventId: resumeFrom === undefined ? undefined : Number(resumeFrom),
        signal: c.req.raw.signal,
      });
    },
  }),
];
