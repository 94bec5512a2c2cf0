import { expect, test } from "./fixtures";
import { findMember } from "./support/find-member";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
const NAV = [
  { label: "Stores", path: "/stores", heading: "Stores" },
  { label: "Sessions", path: "/sessions", heading: "Sessions" },
  { label: "Audit", path: "/audit", heading: "Audit log" },
  { label: "Admin", path: "/admin", heading: "Admin" },
];

test("signs in after a wrong password, visits every page, and talks only to localhost", async ({ page, fixture }) => {
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:" || url.protocol === "wss:") && !LOCAL_HOSTS.has(url.hostname)) {
      foreign.push(request.url());
    }
  });

  await page.goto("/stores");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(fixture.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Password").fill(fixture.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/stores$/);
  await expect(page.getByRole("heading", { name: "Stores", level: 1 })).toBeVisible();
  await expect(page.getByTestId("store-card").filter({ hasText: fixture.storeName })).toBeVisible();
  await expect(page.getByTestId("store-card").filter({ hasText: "policies" })).toBeVisible();
  await expect(page.getByLabel("Account")).toContainText(fixture.name);

  for (const item of NAV) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item.label }).click();
    await expect(page).toHaveURL(new RegExp(`${item.path}$`));
    await expect(page.getByRole("heading", { name: item.heading, level: 1 })).toBeVisible();
  }
  // Scoped to the members table: role queries over the whole page (the grants matrix has a cell per
  // store and agent) took 20 s once the suite had made a hundred of each.
  await findMember(page, fixture.email);
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByRole("cell", { name: fixture.email })).toBeVisible();
  await expect(members.getByTestId("member-row")).toHaveCount(1);
  await page.getByLabel("Find a member").fill(`nobody-${fixture.email}`);
  await expect(page.getByText(`No member's email or name contains “nobody-${fixture.email}”.`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/sessions");
  await expect(page).toHaveURL(/\/login/);

  expect(foreign).toEqual([]);
});

test("an agent key sees only the stores it is granted", async ({ request, fixture }) => {
  const headers = { authorization: `Bearer ${fixture.apiKey}` };
  const list = await request.get("/api/v1/memory_stores", { headers });
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { data: { id: string; name: string }[] };
  // Its own store, and the demo's "policies" (granted to all agents); never another agent's store.
  expect(body.data.map((store) => store.id)).toContain(fixture.storeId);
  expect(body.data.map((store) => store.name).sort()).toEqual([fixture.storeName, "policies"].sort());
  const anonymous = await request.get("/api/v1/memory_stores");
  expect(anonymous.status()).toBe(401);
});
