import { expect, type Locator, type Page, type TestType } from "@playwright/test";
import { startTestIdp, type TestIdp } from "./oidc-test-provider";

/**
 * Starts the test OpenID provider for a spec file (the console server is started with
 * ENGRAM_OIDC_* pointing at it, playwright.config.ts) and stops it after; returns a getter.
 */
export function useTestIdp(test: TestType<any, any>): () => TestIdp {
  let idp: TestIdp | undefined;
  test.beforeAll(async ({ baseURL }: { baseURL?: string }) => {
    idp = await startTestIdp({
      port: Number(process.env.E2E_OIDC_PORT),
      clientId: process.env.E2E_OIDC_CLIENT_ID ?? "engram-e2e",
      clientSecret: process.env.E2E_OIDC_CLIENT_SECRET ?? "e2e-client-secret-0123456789",
      redirectUri: `${baseURL}/api/auth/callback/oidc`,
    });
  });
  test.afterAll(() => idp?.close());
  return () => idp!;
}

/** At the identity provider: logs in unless its session is still alive, consents, and waits for `back` (or a refusal) in Engram. */
export async function passIdp(page: Page, login: string, back: Locator) {
  const loginForm = page.locator('input[name="login"]');
  const consent = page.getByRole("button", { name: "Continue" });
  await expect(loginForm.or(consent).or(back)).toBeVisible();
  if (await loginForm.isVisible()) {
    await expect(page).toHaveURL(/\/interaction\//);
    await loginForm.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await expect(consent.or(back)).toBeVisible();
  }
  if (await consent.isVisible()) await consent.click();
  await expect(back).toBeVisible();
}
