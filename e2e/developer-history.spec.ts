import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

test("compare two versions side by side, move through history with the arrow keys, restore one", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/lessons/retries.md", "Retry 3 times.\n");
  const second = await api.update(file.id, "Retry 5 times.\nUse exponential backoff.\n");
  const third = await api.update(file.id, "Retry 5 times.\nUse exponential backoff with jitter.\n");

  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=history`);
  const list = page.getByTestId("history-list");
  await expect(list.getByRole("listitem")).toHaveCount(3);

  await list.getByRole("checkbox", { name: `Compare ${file.memory_version_id}` }).click();
  await expect(list.getByRole("checkbox", { name: `Compare ${file.memory_version_id}` })).toBeChecked();
  await list.getByRole("checkbox", { name: `Compare ${third.memory_version_id}` }).click();
  await expect(list.getByRole("checkbox", { name: `Compare ${third.memory_version_id}` })).toBeChecked();
  await expect(page).toHaveURL(new RegExp(`from=${file.memory_version_id}&to=${third.memory_version_id}|to=${third.memory_version_id}.*from=`));
  const compare = page.getByTestId("version-compare");
  await expect(compare.getByTestId("diff-stats")).toContainText("+2");
  await expect(compare.locator(".editor.original .view-lines:not(.line-insert)")).toContainText("Retry 3 times.");
  await expect(compare.locator(".editor.modified .view-lines:not(.line-delete)")).toContainText("with jitter");
  await page.screenshot({ path: `${SCREENSHOTS}/history-compare.png`, fullPage: true });

  // Clear the comparison, then walk the history with the keyboard.
  await list.getByRole("checkbox", { name: `Compare ${third.memory_version_id}` }).click();
  await expect(list.getByRole("checkbox", { name: `Compare ${third.memory_version_id}` })).not.toBeChecked();
  await list.getByRole("checkbox", { name: `Compare ${file.memory_version_id}` }).click();
  await expect(list.getByRole("checkbox", { name: `Compare ${file.memory_version_id}` })).not.toBeChecked();
  await list.getByRole("listitem").first().click();
  await expect(list.getByRole("listitem").first()).toHaveAttribute("aria-current", "true");
  await list.press("ArrowDown");
  await expect(page).toHaveURL(new RegExp(`version=${second.memory_version_id}`));
  // A version on its own shows what it changed against its predecessor; the full text is one click away.
  await expect(page.getByTestId("version-view").getByTestId("version-changes").locator("[data-kind=add]")).toHaveText([
    "+Retry 5 times.",
    "+Use exponential backoff.",
  ]);
  await expect(page.getByTestId("version-view").getByTestId("version-changes").locator("[data-kind=del]")).toHaveText(["-Retry 3 times."]);
  await page.getByTestId("version-view").getByRole("button", { name: "Show full text" }).click();
  await expect(page.getByTestId("version-view").getByTestId("version-text")).toContainText("Use exponential backoff.");

  // One-click restore of the first version (confirmed).
  await list.getByRole("listitem").nth(2).getByRole("button", { name: "Restore" }).click();
  await page.getByRole("dialog", { name: "Restore this version?" }).getByRole("button", { name: "Restore" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(4);
  await expect(list.getByRole("listitem").first()).toContainText("restore");
  expect((await api.get(file.id)).content).toBe("Retry 3 times.\n");
});
