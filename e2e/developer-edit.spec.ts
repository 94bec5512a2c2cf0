import { copyFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

test("edit a file in Monaco and save it with Ctrl+S", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/lessons/testing.md", "# Testing\n\nRun the unit tests before pushing.\n");
  await api.create("/lessons/deploys.md", "# Deploys\n\nMigrations first.\n");
  await api.create("/people/alice.md", "Alice owns the billing service.\n");
  const session = await api.startSession("Learn about the team");
  await api.create("/people/bob.md", "Bob prefers short PR descriptions.\n", session.id);

  await signIn(page, fixture);
  await page.getByLabel("Search stores").fill(fixture.storeName);
  await expect(page.getByTestId("store-card")).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/stores.png`, fullPage: true });
  await page.getByTestId("store-card").click();
  await expect(page).toHaveURL(new RegExp(`/stores/${fixture.storeId}`));

  const tree = page.getByTestId("file-tree");
  await expect(tree.getByRole("treeitem", { name: /people\// })).toBeVisible();
  await page.getByLabel("Filter files").fill("testing");
  await expect(tree.getByRole("treeitem", { name: /alice\.md/ })).toHaveCount(0);
  await page.getByLabel("Filter files").fill("");
  await tree.getByRole("treeitem", { name: /testing\.md/ }).click();
  await expect(page).toHaveURL(new RegExp(`file=${file.id}`));
  await expect(page.getByTestId("file-path")).toHaveText("/lessons/testing.md");

  const editor = page.getByTestId("code-editor").locator(".monaco-editor");
  await expect(editor.locator(".view-lines")).toContainText("Run the unit tests before pushing.");
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("Also run the e2e suite.");
  await expect(page.getByText("unsaved")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/store-editor.png`, fullPage: true });
  copyFileSync(`${SCREENSHOTS}/store-editor.png`, "docs/screenshot-store.png");
  await page.keyboard.press("Control+s");
  await expect(page.getByRole("status").filter({ hasText: "Saved as a new version." })).toBeVisible();
  expect((await api.get(file.id)).content).toBe("# Testing\n\nRun the unit tests before pushing.\nAlso run the e2e suite.");
});

test("a viewer's store view has no save, create, rename or delete", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  await api.create("/lessons/readonly.md", "Read me.\n");
  // The demo viewer cannot see the fixture's store; the demo "policies" store is readable by every role.
  await page.goto("/login");
  await page.getByLabel("Email").fill("viewer@engram.local");
  await page.getByLabel("Password").fill(process.env.ENGRAM_DEMO_PASSWORD || "engram-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("store-card").filter({ hasText: "policies" }).click();
  await page.getByTestId("file-tree").getByRole("treeitem").filter({ hasText: ".md" }).first().click();
  await expect(page.getByText("read-only")).toBeVisible();
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-readonly", "true");
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New file" })).toHaveCount(0);
});
