import { expect, test } from "./fixtures";
import { agentApi, editorLines, signIn, typeAtEnd } from "./helpers/developer";

test.use({ viewport: { width: 1440, height: 900 } });

test("the conflict dialog uses the window's width and shows theirs and yours side by side", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/wide/cache.md", "Cache TTL is 60 seconds.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  await typeAtEnd(page, "Cache TTL is 60 seconds.", "Invalidate on deploy.");
  await api.update(file.id, "Cache TTL is 300 seconds.\n");
  await page.keyboard.press("Control+s");

  const dialog = page.getByRole("dialog", { name: "This file changed while you were editing" });
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeGreaterThan(1100);

  const diff = dialog.getByTestId("conflict-diff");
  const original = diff.locator(".editor.original");
  const modified = diff.locator(".editor.modified");
  await expect(original.locator(".view-lines:not(.line-insert)")).toContainText("Cache TTL is 300 seconds.");
  const left = (await original.boundingBox())!;
  const right = (await modified.boundingBox())!;
  // Side by side: two columns of useful width, theirs left of yours.
  expect(left.width).toBeGreaterThan(400);
  expect(right.width).toBeGreaterThan(400);
  expect(left.x + left.width).toBeLessThanOrEqual(right.x + 2);
  const labels = dialog.getByTestId("diff-labels").locator("span");
  await expect(labels.first()).toHaveText("Theirs (current)");
  // Each label sits above its own column.
  const theirsLabel = (await labels.first().boundingBox())!;
  const yoursLabel = (await labels.nth(1).boundingBox())!;
  expect(theirsLabel.x).toBeLessThan(left.x + left.width);
  expect(yoursLabel.x).toBeGreaterThanOrEqual(right.x - 40);
});

test("closing a diff raises no uncaught 'TextModel got disposed' error", async ({ page, request, fixture }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const api = agentApi(request, fixture);
  const file = await api.create("/wide/retry.md", "Retry twice.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  const lines = editorLines(page);
  await typeAtEnd(page, "Retry twice.", "Mine.");
  await api.update(file.id, "Retry three times.\n");
  await page.keyboard.press("Control+s");
  const dialog = page.getByRole("dialog", { name: "This file changed while you were editing" });
  await expect(dialog.getByTestId("conflict-diff").locator(".editor.modified .view-lines:not(.line-delete)")).toContainText("Mine.");
  await dialog.getByRole("button", { name: "Keep theirs" }).click();
  await expect(dialog).toBeHidden();
  await expect(lines).toContainText("Retry three times.");
  // Let any error from the unmount surface: wait for the next animation frames to have run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  expect(errors.filter((message) => message.includes("disposed"))).toEqual([]);
});
