import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

test.use({ viewport: { width: 1440, height: 900 } });

test("the audit log names actors and targets, filters by name, and its detail leaves the table whole", async ({ page, request, fixture }) => {
  const file = await agentApi(request, fixture).create("/audit/named.md", "x\n");
  await signIn(page, fixture);
  // An event by the signed-in user, on the fixture's store.
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  await page.getByRole("button", { name: "Rename", exact: true }).click();
  await page.getByLabel("New path").fill("/audit/renamed.md");
  await page.getByRole("dialog", { name: "Rename file" }).getByRole("button", { name: "Rename", exact: true }).click();
  await expect(page.getByTestId("file-path")).toHaveText("/audit/renamed.md");

  await page.goto("/audit");
  const filters = page.getByRole("form", { name: "Filter audit events" });
  await filters.getByLabel("Actor", { exact: true }).selectOption({ label: fixture.name });
  await filters.getByLabel("Store", { exact: true }).selectOption({ label: fixture.storeName });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  const row = page.getByTestId("audit-row").filter({ hasText: "memory.modified" }).first();
  await expect(row).toContainText(fixture.name);
  await expect(row).not.toContainText("user_");
  const target = row.getByRole("link", { name: "/audit/renamed.md" });
  await expect(target).toHaveAttribute("href", new RegExp(`/stores/${fixture.storeId}\\?file=${file.id}&tab=history&version=memver_`));

  const table = page.getByTestId("audit-table");
  const before = (await table.boundingBox())!;
  await row.click();
  const detail = page.getByTestId("event-detail");
  await expect(detail).toContainText(fixture.name);
  const after = (await table.boundingBox())!;
  expect(after.width).toBe(before.width);
  await page
    .getByRole("dialog", { name: /^Event #/ })
    .getByRole("button", { name: "Close" })
    .click();
  await expect(detail).toHaveCount(0);

  // The keyboard opens an event too: its sequence number is a button.
  await row.getByRole("button", { name: /^Event #\d+ details$/ }).focus();
  await page.keyboard.press("Enter");
  await expect(detail).toContainText(fixture.name);
  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
});
