import { expect, test } from "./fixtures";
import { agentApi, editorLines, signIn, typeAtEnd } from "./helpers/developer";

test("an agent's write to the open file shows a 'changed on the server' banner; reload takes it when nothing is edited", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/live/open.md", "Version one.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  const lines = page.getByTestId("code-editor").locator(".monaco-editor .view-lines");
  await expect(lines).toContainText("Version one.");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-connected", "true");

  await api.update(file.id, "Version two.\n");
  const banner = page.getByRole("status").filter({ hasText: "changed on the server" });
  await expect(banner).toBeVisible();
  await banner.getByRole("button", { name: "Reload" }).click();
  await expect(banner).toBeHidden();
  await expect(lines).toContainText("Version two.");
});

test("with unsaved edits the banner offers a compare, and the draft is kept", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/live/draft.md", "Shared line.\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}`);
  const lines = editorLines(page);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-connected", "true");
  await typeAtEnd(page, "Shared line.", "My addition.");

  await api.update(file.id, "Shared line, agent's wording.\n");
  const banner = page.getByRole("status").filter({ hasText: "changed on the server" });
  await expect(banner).toBeVisible();
  await expect(lines).toContainText("My addition.");
  await banner.getByRole("button", { name: "Compare" }).click();
  const dialog = page.getByRole("dialog", { name: "This file changed while you were editing" });
  await expect(dialog.getByTestId("conflict-diff").locator(".editor.original .view-lines:not(.line-insert)")).toContainText("agent's wording");
  await dialog.getByRole("button", { name: "Keep theirs" }).click();
  await expect(lines).toContainText("agent's wording");
  await expect(banner).toBeHidden();
});
