import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_FLAGS } from "./scripts/find-chromium";

// Below the ephemeral range (scripts/free-port.ts): the integration lane beside starts servers on
// ports of the kernel's choosing, which could otherwise take this one before the web server binds it.
const freePortNow = () => execFileSync(process.execPath, ["--import", "tsx", "scripts/free-port.ts"], { encoding: "utf8" }).trim();
// Playwright evaluates this file in every worker; the first evaluation picks the port and the
// database and leaves them in the environment, which the workers inherit.
process.env.E2E_PORT ??= freePortNow();
// The OpenID Connect provider the SSO spec starts (e2e/support/oidc-test-provider.ts) listens here.
process.env.E2E_OIDC_PORT ??= freePortNow();
process.env.E2E_OIDC_CLIENT_ID ??= "engram-e2e";
process.env.E2E_OIDC_CLIENT_SECRET ??= "e2e-client-secret-0123456789";
process.env.E2E_DATABASE_URL ??= `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "engram-e2e-")), "engram.db")}`;

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.ENGRAM_CHROMIUM ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // The production server (builds only if .next is missing or stale) on a fresh, seeded SQLite database.
    command: "npm start",
    url: `${baseURL}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      ENGRAM_DEMO: "1",
      // Every API answer is checked against its route's schema (a mismatch is a 500).
      ENGRAM_VALIDATE_RESPONSES: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      ENGRAM_OIDC_ISSUER: `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`,
      ENGRAM_OIDC_CLIENT_ID: process.env.E2E_OIDC_CLIENT_ID,
      ENGRAM_OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET,
      ENGRAM_OIDC_SCOPES: "openid email profile groups",
      // The webhooks spec's receiver listens on 127.0.0.1.
      ENGRAM_WEBHOOK_ALLOW_PRIVATE: "1",
      ENGRAM_OIDC_ROLE_MAP: "engram-admins=admin,engram-devs=developer,engram-compliance=compliance",
    },
  },
});
