import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

test("a running session's timeline updates live as the agent writes", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const session = await api.startSession("Live run");

  await signIn(page, fixture);
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByRole("heading", { name: "No memory events yet" })).toBeVisible();
  await expect(page.getByTestId("live-badge")).toHaveAttribute("data-connected", "true");

  const file = await api.create("/live/notes.md", "Step one done.\n", session.id);
  await expect(page.getByTestId("timeline-event")).toHaveCount(1);
  await expect(page.getByTestId("timeline-event").first()).toContainText("/live/notes.md");

  await api.update(file.id, "Step one done.\nStep two done.\n", session.id);
  await expect(page.getByTestId("timeline-event")).toHaveCount(2);
  await expect(page.getByTestId("timeline-event").nth(1).locator("[data-kind=add]")).toContainText("Step two done.");
  await page.screenshot({ path: `${SCREENSHOTS}/session-live.png`, fullPage: true });

  await page.goto("/sessions");
  await page.getByLabel("Wrote something").click();
  await expect(page).toHaveURL(/wrote=true/);
  await expect(page.getByTestId("session-row").filter({ hasText: session.id })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/sessions.png`, fullPage: true });
});
