import "server-only";
import { z } from "@hono/zod-openapi";
import { goToAnything } from "../../goto/go-to-anything";
import { defineRoute } from "../define-route";
import { agentSchema } from "./agents";
import { sessionSchema } from "./sessions";

const fileMatchSchema = z
  .object({ memory_store_id: z.string(), memory_store_name: z.string(), memory_id: z.string(), path: z.string(), updated_at: z.string() })
  .openapi("GoToFile");

export const goToResponseSchema = z
  .object({ files: z.array(fileMatchSchema), sessions: z.array(sessionSchema), agents: z.array(agentSchema) })
  .openapi("GoToResults");
export type WireGoToResults = z.infer<typeof goToResponseSchema>;

export const goToRoutes = [
  defineRoute({
    method: "get",
    path: "/goto",
    summary: "Go to anything: live files by path in the stores you can read, sessions by title or external id, agents by name (a few of each)",
    tag: "Search",
    query: z.object({ q: z.string().trim().min(1).max(200) }),
    response: goToResponseSchema,
    handler: ({ ctx, query }) => goToAnything(ctx, query.q),
  }),
];
