import "server-only";
import { config, markDemo } from "../config";
import { getDb } from "../db/client";
import { migrate } from "../db/migrate";
import { withStartupLock } from "../db/startup-lock";
import { demoAdminEmail, seedDemo } from "../seed/seed-demo";
import { ensureEnvAdmin } from "../users/ensure-env-admin";

/** on: always seed the demo; off: never; auto: on an empty database, or one that already has it. */
export type DemoMode = "on" | "off" | "auto";

/**
 * Everything a process does to a database before serving it, under the start-up lock: migrate,
 * create ENGRAM_ADMIN_EMAIL's admin, seed the demo. Safe when several instances start at once.
 */
export async function prepareDatabase(demoMode: DemoMode) {
  return withStartupLock(config.databaseUrl, async () => {
    const migration = await migrate(config.databaseUrl);
    const { db } = await getDb();
    const envAdmin = await ensureEnvAdmin();
    const empty = (await db.user.count()) === 0;
    const demo = demoMode === "on" || (demoMode === "auto" && (empty || Boolean(await db.user.findFirst({ where: { email: demoAdminEmail } }))));
    if (demo) markDemo();
    const seeded = demo ? await seedDemo() : null;
    return { applied: migration.applied, envAdmin, demo, seeded, users: await db.user.count() };
  });
}
