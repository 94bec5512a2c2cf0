import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

/** Hover cards (issue 16): every actor's name says who it is on hover and on keyboard focus. */
test("actor names open a card with name, role or agent, last activity and a link, by mouse and by keyboard", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const session = await api.startSession("Hover card tour");
  const file = await api.create("/cards/notes.md", "# Cards\n", session.id);
  await signIn(page, fixture);

  // History: the agent behind a session write.
  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=history`);
  const agentName = page
    .getByTestId("history-list")
    .getByRole("button", { name: /^e2e-agent-/ })
    .first();
  await agentName.hover();
  const card = page.getByTestId("actor-card");
  await expect(card).toContainText("Last active");
  await expect(card.getByRole("link", { name: "Open agent" })).toHaveAttribute("href", /\/sessions\?agent=agent_/);

  // Audit log: the signed-in admin (who first does something the log records), by keyboard only
  // (focus opens, Escape closes, Tab reaches the link).
  const created = await page.evaluate(async (name) => {
    const res = await fetch("/api/v1/memory_stores", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    return res.status;
  }, `${fixture.storeName}-cards`);
  expect(created).toBe(200);
  await page.goto("/audit");
  const me = page.getByTestId("audit-row").getByRole("button", { name: fixture.name }).first();
  await me.focus();
  await expect(card).toContainText(fixture.name);
  await expect(card).toContainText("admin");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("link", { name: "Open user" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
});
