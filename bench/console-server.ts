// Engram's production server (Hono for /api/v1, Next's built handler for pages) without
// npm start's migrate/seed/build steps: the bench brings its own database and build.
import path from "node:path";
import { serve } from "@/server/http/serve";

const port = Number(process.env.PORT ?? 3000);
const server = await serve({ port, hostname: process.env.HOST ?? "127.0.0.1", dir: path.resolve(import.meta.dirname, "..") });
console.log(`Engram console listening on http://127.0.0.1:${port}`);
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
