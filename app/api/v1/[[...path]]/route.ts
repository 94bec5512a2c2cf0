import { createApiApp } from "@/server/api/app";

// Development mount of the API (`next dev`); in production Engram's server hands /api/v1/*
// to the same Hono app directly, without Next's page pipeline.
const app = createApiApp();
const handle = (request: Request) => app.fetch(request);

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export { handle as GET, handle as POST, handle as DELETE, handle as PUT, handle as PATCH, handle as OPTIONS, handle as HEAD };
