import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

test("an agent writes while the user edits: the save conflicts, the user sees both and overwrites knowingly", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/lessons/cache.md", "Cache TTL is 60 seconds.\n");

  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  const editor = page.getByTestId("code-editor").locator(".monaco-editor");
  await expect(editor.locator(".view-lines")).toContainText("Cache TTL is 60 seconds.");
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("Invalidate on deploy.");

  // Meanwhile an agent changes the file through the API.
  await api.update(file.id, "Cache TTL is 300 seconds.\n");

  await page.keyboard.press("Control+s");
  const dialog = page.getByRole("dialog", { name: "This file changed while you were editing" });
  await expect(dialog).toBeVisible();
  const diff = dialog.getByTestId("conflict-diff");
  await expect(diff.locator(".editor.original .view-lines:not(.line-insert)")).toContainText("Cache TTL is 300 seconds.");
  // Monaco renders inline character changes in pieces, so read the unchanged part of "yours"; the
  // saved content below proves the whole edit.
  await expect(diff.locator(".editor.modified .view-lines:not(.line-delete)")).toContainText("Cache TTL is 60 seconds.");
  await page.screenshot({ path: "e2e/.artifacts/screenshots/conflict.png", fullPage: true });
  // Nothing was written yet.
  expect((await api.get(file.id)).content).toBe("Cache TTL is 300 seconds.\n");

  await dialog.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Saved as a new version." })).toBeVisible();
  expect((await api.get(file.id)).content).toBe("Cache TTL is 60 seconds.\nInvalidate on deploy.");

  // The agent's version stays in the history, between the original and the user's.
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByTestId("history-list").getByRole("listitem")).toHaveCount(3);
});

test("a conflict resolved by keeping theirs writes nothing", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/lessons/queue.md", "Queue size 10.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  const editor = page.getByTestId("code-editor").locator(".monaco-editor");
  await expect(editor.locator(".view-lines")).toContainText("Queue size 10.");
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("Mine.");
  const theirs = await api.update(file.id, "Queue size 20.\n");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "This file changed while you were editing" });
  await dialog.getByRole("button", { name: "Keep theirs" }).click();
  await expect(dialog).toBeHidden();
  await expect(editor.locator(".view-lines")).toContainText("Queue size 20.");
  expect((await api.get(file.id)).memory_version_id).toBe(theirs.memory_version_id);
});

test("a rename or delete of a file an agent changed meanwhile shows what changed and waits for the user", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/lessons/retries.md", "Retry twice.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Retry twice.");
  await api.update(file.id, "Retry three times.\n");

  // Rename: refused by its precondition, then shown as a diff; cancelling changes nothing.
  await page.getByRole("button", { name: "Rename", exact: true }).click();
  await page.getByLabel("New path").fill("/lessons/retry-policy.md");
  await page.getByRole("dialog", { name: "Rename file" }).getByRole("button", { name: "Rename", exact: true }).click();
  const stale = page.getByRole("dialog", { name: "This file changed since you opened it" });
  await expect(stale).toBeVisible();
  await expect(stale.getByTestId("stale-action-diff").locator(".editor.original .view-lines:not(.line-insert)")).toContainText("Retry twice.");
  await expect(stale.getByTestId("stale-action-diff").locator(".editor.modified .view-lines:not(.line-delete)")).toContainText("Retry three times.");
  await stale.getByRole("button", { name: "Cancel" }).click();
  expect((await api.get(file.id)).path).toBe("/lessons/retries.md");

  // Delete: the same, and going ahead deletes the current version knowingly.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog", { name: "Delete file" }).getByRole("button", { name: "Delete", exact: true }).click();
  await expect(stale).toBeVisible();
  await stale.getByRole("button", { name: "Delete the current version" }).click();
  await expect(stale).toBeHidden();
  const gone = await request.get(`/api/v1/memory_stores/${fixture.storeId}/memories/${file.id}`, { headers: { authorization: `Bearer ${fixture.apiKey}` } });
  expect(gone.status()).toBe(404);
});
