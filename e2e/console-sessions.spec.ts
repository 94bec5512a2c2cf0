import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

test("a session shows its stores, duration and store per event; search finds it by title; a rollback is reflected", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const title = `Context tour ${fixture.storeName}`;
  const session = await api.startSession(title);
  const file = await api.create("/ctx/one.md", "one\n", session.id);
  await api.update(file.id, "one, edited\n", session.id);
  await api.endSession(session.id);

  await signIn(page, fixture);
  await page.goto("/sessions");
  await page.getByLabel("Search sessions by title or external id").fill(fixture.storeName.toUpperCase());
  await expect(page.getByRole("link", { name: title })).toHaveCount(1);
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.getByRole("link", { name: title }).click();

  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const stats = page.getByTestId("session-stats");
  await expect(stats).toContainText(/long/);
  await expect(page.getByTestId("stores-touched").getByRole("link", { name: fixture.storeName })).toHaveAttribute("href", `/stores/${fixture.storeId}`);
  await expect(page.getByTestId("event-store").first()).toHaveText(`in ${fixture.storeName}`);

  await page.getByRole("button", { name: "Roll back this session" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll back this session?" });
  await dialog.getByRole("button", { name: "Roll back 1 change" }).click();
  await page.getByRole("dialog", { name: "Session rolled back" }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("rolled-back")).toBeVisible();
  await expect(page.getByRole("button", { name: "Roll back this session" })).toHaveCount(0);

  // Coming back later: a second dry run has nothing to do and offers no "Roll back 0 changes".
  await page.reload();
  await page.getByRole("button", { name: "Roll back this session" }).click();
  await expect(dialog.getByTestId("rollback-result")).toContainText("Nothing to revert");
  await expect(dialog.getByRole("button", { name: /^Roll back/ })).toHaveCount(0);
});

test("a write by an admin key inside a session shows the key, not a nameless agent", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const session = await api.startSession("Admin key inside");
  await signIn(page, fixture);
  // The admin creates an admin key in the console, then writes with it inside the agent's session.
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create API key" });
  const keyName = `admin key ${fixture.storeName}`;
  await form.getByLabel("Key name").fill(keyName);
  await form.getByLabel("For").selectOption("admin");
  await form.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("shown-secret").textContent())!.trim();
  const written = await request.post(`/api/v1/memory_stores/${fixture.storeId}/memories`, {
    headers: { authorization: `Bearer ${secret}`, "x-engram-session-id": session.id },
    data: { path: "/ctx/by-admin.md", content: "admin\n" },
  });
  expect(written.ok()).toBe(true);
  const memory = (await written.json()) as { id: string };
  await page.goto(`/stores/${fixture.storeId}?file=${memory.id}&tab=history`);
  const row = page.getByTestId("history-list").getByRole("listitem").first();
  await expect(row).toContainText(`key ${keyName}`);
  await expect(row).not.toContainText(/agent agent/i);
});
