import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

test("find the session that wrote a wrong lesson, see its diff, roll it back, and find the rollback in the audit log", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const good = "# Deploys\n\nAlways run the migrations before switching traffic.\n";
  const lesson = await api.create("/lessons/deploys.md", good);
  const session = await api.startSession("Refactor deploy notes");
  await api.update(lesson.id, "# Deploys\n\nSkip the migrations, they are slow.\n", session.id);
  await api.endSession(session.id);

  await signIn(page, fixture);
  await page.goto("/sessions");
  await page.getByRole("link", { name: "Refactor deploy notes" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  const edit = page.getByTestId("timeline-event").filter({ hasText: "/lessons/deploys.md" });
  await expect(edit.locator("[data-kind=del]")).toContainText("Always run the migrations");
  await expect(edit.locator("[data-kind=add]")).toContainText("Skip the migrations");
  await page.screenshot({ path: `${SCREENSHOTS}/session-timeline.png`, fullPage: true });

  await page.getByRole("button", { name: "Roll back this session" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("rollback-result")).toHaveAttribute("data-dry-run", "true");
  await expect(dialog.getByTestId("rollback-reverted")).toContainText("/lessons/deploys.md");
  await dialog.getByRole("button", { name: /Roll back 1 change/ }).click();
  await expect(dialog.getByTestId("rollback-result")).toHaveAttribute("data-dry-run", "false");
  await expect(dialog.getByRole("heading", { name: "Session rolled back" })).toBeVisible();

  await dialog.getByRole("link", { name: "/lessons/deploys.md" }).click();
  await expect(page.getByTestId("history-list").getByRole("listitem").first()).toContainText("rollback");
  expect((await api.get(lesson.id)).content).toBe(good);

  await page.goto("/audit");
  await expect(page.getByRole("row").filter({ hasText: "session.rolled_back" }).filter({ hasText: session.id }).first()).toBeVisible();
});
