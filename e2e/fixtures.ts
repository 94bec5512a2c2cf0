import { execFileSync } from "node:child_process";
import { test as base } from "@playwright/test";

export type Fixture = { email: string; name: string; password: string; storeId: string; storeName: string; apiKey: string };

/** Every test gets its own user, store and key, created in the server's database. */
export const test = base.extend<{ fixture: Fixture }>({
  fixture: async ({}, use) => {
    const out = execFileSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/server-only-hook.mjs", "e2e/support/create-fixture.ts"],
      {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
      },
    );
    await use(JSON.parse(out.trim().split("\n").at(-1)!) as Fixture);
  },
});

export { expect } from "@playwright/test";
