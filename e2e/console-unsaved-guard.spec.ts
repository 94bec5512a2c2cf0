import { expect, test } from "./fixtures";
import { agentApi, signIn, typeAtEnd } from "./helpers/developer";
import type { Page } from "@playwright/test";

async function typeInEditor(page: Page, expected: string, text: string) {
  await typeAtEnd(page, expected, text);
  await expect(page.getByText("unsaved", { exact: true })).toBeVisible();
}

test("a tab switch with unsaved edits asks first; keeping them keeps the draft", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/guard/tabs.md", "Original line.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  await typeInEditor(page, "Original line.", "Draft words.");

  await page.getByRole("tab", { name: "History" }).click();
  const prompt = page.getByRole("dialog", { name: "Discard unsaved changes?" });
  await expect(prompt).toBeVisible();
  await prompt.getByRole("button", { name: "Keep editing" }).click();
  await expect(prompt).toBeHidden();
  await expect(page.getByRole("tab", { name: "Editor" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Draft words.");

  // Going ahead discards the draft knowingly.
  await page.getByRole("tab", { name: "History" }).click();
  await prompt.getByRole("button", { name: "Discard changes" }).click();
  await expect(page.getByRole("tab", { name: "History" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("tab", { name: "Editor" }).click();
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Original line.");
  await expect(page.getByText("unsaved", { exact: true })).toHaveCount(0);
});

test("clicking another file with unsaved edits asks first", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const first = await api.create("/guard/first.md", "First file.\n");
  const second = await api.create("/guard/second.md", "Second file.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${first.id}`);
  await typeInEditor(page, "First file.", "Unsaved thought.");

  await page
    .getByTestId("file-tree")
    .getByRole("treeitem", { name: /second\.md/ })
    .click();
  const prompt = page.getByRole("dialog", { name: "Discard unsaved changes?" });
  await expect(prompt).toBeVisible();
  await prompt.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(new RegExp(`file=${first.id}`));
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Unsaved thought.");

  await page
    .getByTestId("file-tree")
    .getByRole("treeitem", { name: /second\.md/ })
    .click();
  await prompt.getByRole("button", { name: "Discard changes" }).click();
  await expect(page).toHaveURL(new RegExp(`file=${second.id}`));
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Second file.");
});

test("a sidebar link with unsaved edits asks first, and leaving the page triggers beforeunload", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/guard/leave.md", "Leave me.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  await typeInEditor(page, "Leave me.", "Not yet saved.");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
  const prompt = page.getByRole("dialog", { name: "Discard unsaved changes?" });
  await expect(prompt).toBeVisible();
  await prompt.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(new RegExp(`/stores/${fixture.storeId}`));

  // A reload or closing the tab: the browser's own "leave site?" prompt (beforeunload).
  const dialog = page.waitForEvent("dialog");
  void page.reload().catch(() => null);
  const shown = await dialog;
  expect(shown.type()).toBe("beforeunload");
  await shown.dismiss();
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("Not yet saved.");
});
