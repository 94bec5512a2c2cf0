import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

test("blame a line and jump to the session that wrote it", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const first = await api.startSession("First run");
  const file = await api.create("/lessons/oncall.md", "Page the on-call engineer.\n", first.id);
  const second = await api.startSession("Second run");
  await api.update(file.id, "Page the on-call engineer.\nEscalate after 15 minutes.\n", second.id);

  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=blame`);
  const line = page.getByTestId("blame-line").filter({ hasText: "Escalate after 15 minutes." });
  await expect(line).toBeVisible();
  await expect(page.getByTestId("blame-line").filter({ hasText: "Page the on-call engineer." }).getByRole("link")).toHaveAttribute(
    "href",
    `/sessions/${first.id}`,
  );
  await page.screenshot({ path: `${SCREENSHOTS}/blame.png`, fullPage: true });
  await line.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${second.id}$`));
  await expect(page.getByRole("heading", { name: "Second run", level: 1 })).toBeVisible();
});
