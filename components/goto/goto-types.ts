/** GET /api/v1/goto: the server's zod schema, as a type. */
export type { WireGoToResults as GoToResults } from "@/server/api/routes/goto";
