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
  const card = page.getByTestId("actor-card");
  // The version's text loads beside the list and may shift it under a resting mouse (which then
  // leaves the name and closes the card, as it would for a person): wait for it, and hover again
  // if the card closed before it filled.
  await expect(page.getByText("# Cards").first()).toBeVisible();
  await expect(async () => {
    await agentName.hover();
    await expect(card).toContainText("Last active", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
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
  // The log re-renders as the names of its actors and newer events arrive; a row re-rendered
  // under the focus drops it (and the card with it): focus again until the card shows.
  await expect(async () => {
    await me.focus();
    await expect(card).toContainText(fixture.name, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(card).toContainText("admin");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("link", { name: "Open user" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
});
