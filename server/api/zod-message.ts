import "server-only";
import type { z } from "@hono/zod-openapi";

/** One readable line from a zod error: `field.path: problem; …`. */
export function zodMessage(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
}
