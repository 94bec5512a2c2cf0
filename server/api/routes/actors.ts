import "server-only";
import { z } from "@hono/zod-openapi";
import { actorCard } from "../../workspaces/actor-card";
import { defineRoute } from "../define-route";

export const actorCardSchema = z
  .object({
    type: z.literal("actor_card"),
    id: z.string(),
    kind: z.enum(["agent", "user", "api_key", "session"]),
    name: z.string(),
    detail: z.string(),
    last_activity_at: z.string().nullable(),
    href: z.string().nullable(),
  })
  .openapi("ActorCard");

export const actorRoutes = [
  defineRoute({
    method: "get",
    path: "/actors/{actor_id}",
    summary: "What the console's hover card shows about an agent, user, API key or session: name, role or agent, last activity, link",
    tag: "Workspace",
    params: z.object({ actor_id: z.string().min(1).max(100) }),
    response: actorCardSchema,
    handler: ({ ctx, params }) => actorCard(ctx, params.actor_id),
  }),
];
