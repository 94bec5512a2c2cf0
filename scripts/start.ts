// `npm start`: migrate, seed the demo on an empty database, build if needed, serve.
// Runs under `tsx --import ./scripts/server-only-hook.mjs` because it imports server code.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST || undefined;
// `NODE_ENV=production npm start` is a real deployment: no demo users with a known password unless
// ENGRAM_DEMO=1 asks for them. A plain `npm start` on an empty database is the demo.
const production = process.env.NODE_ENV === "production";

const { config } = await import("@/server/config");
const { closeDb } = await import("@/server/db/client");
const { prepareDatabase } = await import("@/server/startup/prepare-database");
const { demoAdminEmail, demoPassword } = await import("@/server/seed/seed-demo");

// Migrations, the first admin and the demo seed, under a lock: several instances may start at once.
const prepared = await prepareDatabase(process.env.ENGRAM_DEMO === "1" ? "on" : production ? "off" : "auto");
if (prepared.applied.length) console.log(`Applied migrations: ${prepared.applied.join(", ")}`);
if (prepared.seeded) console.log(prepared.seeded);
const { envAdmin, demo } = prepared;
if (prepared.users === 0) {
  console.error("No console user exists. Set ENGRAM_ADMIN_EMAIL and ENGRAM_ADMIN_PASSWORD (or ENGRAM_DEMO=1 for the demo workspace) and start again.");
  process.exit(1);
}

// Fails early, with its own message, when production runs without AUTH_SECRET.
const { authSecret } = await import("@/server/auth/auth-secret");
authSecret();

if (buildIsStale()) {
  console.log("Building the console (next build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    console.error("next build failed");
    process.exit(result.status ?? 1);
  }
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

(process.env as Record<string, string>).NODE_ENV = "production";
const { serve } = await import("@/server/http/serve");
const server = await serve({ port, hostname, dir: root });
const url = `http://${hostname && hostname !== "0.0.0.0" ? hostname : "localhost"}:${port}`;
console.log(`\nEngram is running at ${url}`);
console.log(`API base for the SDK: ${url}/api  (database: ${config.databaseUrl.replace(/\/\/[^@]*@/, "//…@")})`);
if (demo) console.log(`Demo sign-in: ${demoAdminEmail} / ${demoPassword()}  (also developer@, compliance@, viewer@engram.local)`);
else if (envAdmin) console.log(`Sign in as ${envAdmin}.`);

const stop = () => server.close(() => void closeDb().finally(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

/** True when .next has no build, or any source file is newer than it. */
function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "server", "public", "proxy.ts", "next.config.ts", "package.json", "tsconfig.json"];
  return sources.some((entry) => newerThan(path.join(root, entry), built));
}

function newerThan(file: string, time: number): boolean {
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(file).some((name) => name !== "generated" && name !== "node_modules" && newerThan(path.join(file, name), time));
}
