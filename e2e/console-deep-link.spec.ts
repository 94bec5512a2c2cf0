import { expect, test } from "./fixtures";
import { passIdp, useTestIdp } from "./support/idp-session";

// Issue 16 item 8: a deep link opened while signed out is where sign-in lands; the return path is
// only ever a same-origin relative path (no open redirect).
const testIdp = useTestIdp(test);

test("a deep link opened while signed out is kept through the password sign-in", async ({ page, fixture, baseURL }) => {
  const target = `/stores/${fixture.storeId}?tab=blame&from=a%20b`;
  await page.goto(target);
  await expect(page).toHaveURL(/\/login\?next=/);
  // The same path and query (a space may come back as + or %20: the same query).
  const kept = new URL(new URL(page.url()).searchParams.get("next")!, baseURL);
  expect(`${kept.pathname}?${kept.searchParams}`).toBe(`/stores/${fixture.storeId}?tab=blame&from=a+b`);
  await page.getByLabel("Email").fill(fixture.email);
  await page.getByLabel("Password").fill(fixture.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/stores/${fixture.storeId}\\?tab=blame&from=a(\\+|%20)b$`));
  await expect(page.getByRole("heading", { level: 1, name: fixture.storeName })).toBeVisible();

  // Signed in already: /login?next= goes straight there.
  await page.goto(`/login?next=${encodeURIComponent("/sessions?q=x")}`);
  await expect(page).toHaveURL(`${baseURL}/sessions?q=x`);
});

test("a wrong password keeps the deep link for the next try", async ({ page, fixture, baseURL }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);
  await page.getByLabel("Email").fill(fixture.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("sign-in-error")).toBeVisible();
  await page.getByLabel("Password").fill(fixture.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/audit`);
});

test("the return path refuses anything but a same-origin relative path", async ({ page, fixture, baseURL }) => {
  const hostile = [
    "https://evil.example/steal",
    "//evil.example/steal",
    "/\\evil.example/steal",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    " //evil.example",
  ];
  for (const next of hostile) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(fixture.email);
    await page.getByLabel("Password").fill(fixture.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page, `next=${next}`).toHaveURL(`${baseURL}/stores`);
  }
  // Signed in, a hostile next on /login is refused too.
  await page.goto(`/login?next=${encodeURIComponent("//evil.example/x")}`);
  await expect(page).toHaveURL(`${baseURL}/stores`);
});

test("a deep link opened while signed out is kept through single sign-on, and a hostile one is refused there too", async ({ page, baseURL }) => {
  const login = `deep-${Date.now().toString(36)}`;
  testIdp().setGroups(login, ["engram-devs"]);
  const account = page.getByLabel("Account");
  const target = "/sessions?q=deep";
  await page.goto(target);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole("link", { name: "Sign in with SSO" }).click();
  await passIdp(page, login, account);
  await expect(page).toHaveURL(`${baseURL}${target}`);
  await expect(account).toContainText(`SSO ${login}`);

  await page.context().clearCookies({ domain: "127.0.0.1" });
  for (const next of ["https://evil.example/x", "//evil.example/x"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await passIdp(page, login, account);
    await expect(page, `next=${next}`).toHaveURL(`${baseURL}/stores`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
  }
});
