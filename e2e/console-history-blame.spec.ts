import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

test("blame shows when and who in full (tooltip, date, whole session id)", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const session = await api.startSession("Blame context");
  const file = await api.create("/blame/who.md", "First line.\n", session.id);
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=blame`);
  const line = page.getByTestId("blame-line").first();
  const who = line.locator("span").first();
  const date = who.locator("time");
  // When: relative text ("now"), with the date and time in the viewer's zone on hover (the console's one time format).
  await expect(date).not.toHaveText("");
  await expect(date).toHaveAttribute("title", new RegExp(new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date())));
  // The date is inside the visible column, not cut off by it.
  const column = (await who.boundingBox())!;
  const shown = (await date.boundingBox())!;
  expect(shown.x + shown.width).toBeLessThanOrEqual(column.x + column.width);
  await expect(who).toHaveAttribute("title", new RegExp(`session ${session.id}`));
  await expect(who).toHaveAttribute("title", new RegExp(`version ${file.memory_version_id}`));
  await expect(who.getByRole("link", { name: new RegExp(session.id) })).toHaveAttribute("href", `/sessions/${session.id}`);
});

test("a version in the history shows what it changed against its predecessor", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/history/diff.md", "keep\nold line\n");
  const second = await api.update(file.id, "keep\nnew line\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=history&version=${second.memory_version_id}`);
  const changes = page.getByTestId("version-view").getByTestId("version-changes");
  await expect(changes.locator("[data-kind=add]")).toHaveText(["+new line"]);
  await expect(changes.locator("[data-kind=del]")).toHaveText(["-old line"]);
  await expect(changes.getByTestId("diff-stats")).toContainText("+1");
  // The first version has no predecessor: its full text.
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=history&version=${file.memory_version_id}`);
  await expect(page.getByTestId("version-view").getByTestId("version-text")).toContainText("old line");
});
