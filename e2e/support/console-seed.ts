import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

export type SeededUser = { email: string; name: string; password: string; userId: string; role: string; storeId?: string; storeName?: string; secret?: string };

/** A fresh console user of `role` in the server's database (with "leak": and a store with a leaked key in its history). */
export function seedUser(role: "admin" | "developer" | "compliance" | "viewer", extra?: "leak"): SeededUser {
  const out = execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/server-only-hook.mjs", "e2e/support/seed-console-user.ts", role, ...(extra ? [extra] : [])],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL } },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as SeededUser;
}

/** Sets an audit event's stored `data` behind the application's back; returns the previous value. */
export function tamperAuditEvent(eventId: string, data: string): string {
  const out = execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/server-only-hook.mjs", "e2e/support/tamper-audit-event.ts", eventId, data],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL } },
  );
  return (JSON.parse(out.trim().split("\n").at(-1)!) as { data: string }).data;
}

/** Signs in through the password form and waits for the console. */
export async function signInAs(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/stores/);
}

/** Same-origin headers the API's CSRF check wants on the console session's writes. */
export const sameOrigin = (page: Page) => ({ origin: new URL(page.url()).origin });
