import { expect, test } from "./fixtures";
import { signIn } from "./helpers/developer";

// Issue 19 item 4 (console): one ErrorAlert (dismissible where the failed action can be reset)
// and one pagination hook (lists load more rows below the ones shown, never replace them).
test("a refused action's error can be dismissed", async ({ page, fixture }) => {
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}`);
  await page.getByRole("button", { name: "New file" }).click();
  const dialog = page.getByRole("dialog", { name: "New file" });
  await dialog.getByLabel("Path").fill("/notes\\bad.md");
  await dialog.getByRole("button", { name: "Create" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("backslashes");
  await alert.getByRole("button", { name: "Dismiss" }).click();
  await expect(alert).toHaveCount(0);
});

test("the audit log loads older events below the newer ones", async ({ page, fixture }) => {
  await signIn(page, fixture);
  await page.goto("/audit");
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(50);
  const newest = await rows.first().getAttribute("data-seq");
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows.nth(50)).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(50);
  await expect(rows.first()).toHaveAttribute("data-seq", newest!);
  const seqs = (await rows.evaluateAll((all) => all.map((row) => Number(row.getAttribute("data-seq"))))) as number[];
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
});
