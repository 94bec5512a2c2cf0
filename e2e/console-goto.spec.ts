import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";
import { seedUser, signInAs } from "./support/console-seed";

// Issue 16 "Go to anything": Ctrl/Cmd+K finds files by path across readable stores, sessions by
// title or external id, and agents; keyboard only; recent items.
test("Ctrl+K finds files, sessions and agents, works from the keyboard alone and remembers recent items", async ({ page, request, fixture, baseURL }) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  const api = agentApi(request, fixture);
  const started = await request.post("/api/v1/sessions", {
    headers: { authorization: `Bearer ${fixture.apiKey}` },
    data: { title: `Palette run ${tag}`, external_id: `ext-${tag}-run` },
  });
  expect(started.ok()).toBe(true);
  const session = (await started.json()) as { id: string };
  const file = await api.create(`/palette/${tag}-notes.md`, "palette\n", session.id);
  await api.endSession(session.id);

  await signIn(page, fixture);
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Go to anything" });
  const input = dialog.getByRole("combobox", { name: "Go to anything" });
  await expect(input).toBeFocused();
  await input.pressSequentially(tag);
  const listbox = dialog.getByRole("listbox");
  await expect(input).toHaveAttribute("aria-controls", (await listbox.getAttribute("id"))!);
  const fileOption = listbox.getByRole("option", { name: new RegExp(`/palette/${tag}-notes\\.md`) });
  const sessionOption = listbox.getByRole("option", { name: new RegExp(`Palette run ${tag}`) });
  const agentOption = listbox.getByRole("option", { name: new RegExp(`e2e-agent-${tag}`) });
  await expect(fileOption).toBeVisible();
  await expect(fileOption).toContainText(fixture.storeName);
  await expect(sessionOption).toBeVisible();
  await expect(agentOption).toBeVisible();

  // Arrows move the selection, Enter opens it.
  await expect(fileOption).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(sessionOption).toHaveAttribute("aria-selected", "true");
  await expect(fileOption).toHaveAttribute("aria-selected", "false");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${baseURL}/sessions/${session.id}`);
  await expect(dialog).toHaveCount(0);

  // The external id finds the session too; Esc closes and gives focus back.
  await page.keyboard.press("Control+k");
  await expect(input).toBeFocused();
  // Opened again with nothing typed: recent items.
  await expect(dialog.getByRole("group", { name: "Recent" }).getByRole("option", { name: new RegExp(`Palette run ${tag}`) })).toBeVisible();
  await input.pressSequentially(`ext-${tag}-run`);
  await expect(sessionOption).toBeVisible();
  await expect(fileOption).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // A file opens in its store.
  await page.keyboard.press("Control+k");
  await input.pressSequentially(`${tag}-notes`);
  await expect(fileOption).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${baseURL}/stores/${fixture.storeId}?file=${file.id}`);

  // An agent opens its sessions.
  await page.keyboard.press("Control+k");
  await input.pressSequentially(`e2e-agent-${tag}`);
  await expect(agentOption).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sessions\?agent=agent_/);

  // The sidebar's button opens it as well.
  await page.getByRole("button", { name: /Go to anything/ }).click();
  await expect(input).toBeFocused();
  await expect(dialog.getByRole("group", { name: "Recent" }).getByRole("option")).toHaveCount(3);
});

test("a viewer finds files but nothing the API would refuse it", async ({ page, request, fixture }) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  await agentApi(request, fixture).create(`/palette/viewer-${tag}.md`, "v\n");
  const viewer = seedUser("viewer");
  await signInAs(page, viewer);
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Go to anything" });
  await dialog.getByRole("combobox").pressSequentially(`viewer-${tag}`);
  await expect(dialog.getByRole("option", { name: new RegExp(`/palette/viewer-${tag}\\.md`) })).toBeVisible();
  // Signed out, the endpoint answers 401.
  await page.context().clearCookies();
  expect((await page.request.get(`/api/v1/goto?q=${tag}`)).status()).toBe(401);
});
