import { expect, test, type Page } from "@playwright/test";
import { findMember } from "./support/find-member";
import { passIdp, useTestIdp } from "./support/idp-session";

const testIdp = useTestIdp(test);

/** Starts SSO from /login, then passes the provider (which may still have a session). */
async function signInAtIdp(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with SSO" }).click();
  await passIdp(page, login, page.getByLabel("Account").or(page.getByTestId("sso-error")));
}

test("signs in with SSO at a real OpenID Connect provider; the group claim decides the role, again at every sign-in", async ({ page }) => {
  const login = `sso-${Date.now().toString(36)}`;
  testIdp().setGroups(login, ["staff", "engram-devs"]);

  await signInAtIdp(page, login);
  await expect(page).toHaveURL(/\/stores$/);
  await expect(page.getByLabel("Account")).toContainText(`SSO ${login}`);
  await expect(page.getByTestId("user-role")).toHaveText("developer");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Stores" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  // The console's API accepts the SSO session with the mapped role's permissions.
  expect((await page.request.get("/api/v1/memory_stores")).status()).toBe(200);
  expect((await page.request.get("/api/v1/members")).status()).toBe(403);

  // The identity provider moves the user to the admins group: the next sign-in updates the role.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  testIdp().setGroups(login, ["engram-admins"]);
  await page.context().clearCookies();
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(/\/stores$/);
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  const row = await findMember(page, `${login}@idp.test`);
  await expect(row).toContainText("SSO only");
  await expect(row.getByLabel(`Role of ${login}@idp.test`)).toHaveValue("admin");

  // Both the creation and the role change are in the audit log.
  const audit = await page.request.get(`/api/v1/audit_events?limit=100`);
  const events = ((await audit.json()) as { data: { action: string; data: Record<string, unknown> }[] }).data;
  expect(events.some((e) => e.action === "user.created" && e.data.via === "oidc" && e.data.email === `${login}@idp.test`)).toBe(true);
  expect(events.some((e) => e.action === "user.role_changed" && e.data.via === "oidc" && e.data.from === "developer" && e.data.to === "admin")).toBe(true);
});

test("a user whose groups map to no role is refused", async ({ page }) => {
  const login = `nobody-${Date.now().toString(36)}`;
  testIdp().setGroups(login, ["contractors"]);
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(page.getByTestId("sso-error")).toContainText("no Engram role");
  await page.goto("/stores");
  await expect(page).toHaveURL(/\/login/);
});
