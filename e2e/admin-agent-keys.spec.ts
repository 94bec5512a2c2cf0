import { expect, test } from "./fixtures";
import { grantCell, storeRow } from "./support/admin-stores";
import { signInAs } from "./support/console-seed";

test("an admin creates an agent and a key, grants read-only and read-write; the key obeys, and revoking it stops it at once", async ({
  page,
  request,
  fixture,
}) => {
  const tag = Date.now().toString(36);
  const agentName = `e2e-scoped-${tag}`;
  const writable = `e2e-writable-${tag}`;
  await signInAs(page, fixture);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  // The role table comes from the server's permission table.
  await expect(page.getByTestId("role-table").getByLabel("viewer members:manage")).toHaveText("—");
  await expect(page.getByTestId("role-table").getByLabel("admin members:manage")).toHaveText("✓");

  // A second store, created here.
  const createStore = page.getByRole("form", { name: "Create store" });
  await createStore.getByLabel("Store name").fill(writable);
  await createStore.getByRole("button", { name: "Create store" }).click();
  await expect(page.getByTestId("store-row").filter({ hasText: writable })).toBeVisible();

  // The agent and its key: the secret is shown once, then only its prefix.
  const createAgent = page.getByRole("form", { name: "Create agent" });
  await createAgent.getByLabel("Agent name").fill(agentName);
  await createAgent.getByRole("button", { name: "Create agent" }).click();
  const createKey = page.getByRole("form", { name: "Create API key" });
  await expect(createKey.getByLabel("For").locator("option", { hasText: `agent: ${agentName}` })).toHaveCount(1);
  await createKey.getByLabel("Key name").fill(`${agentName} key`);
  await createKey.getByLabel("For").selectOption({ label: `agent: ${agentName}` });
  await createKey.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  const secret = (await dialog.getByTestId("shown-secret").textContent())!.trim();
  expect(secret).toMatch(/^egk_[A-Za-z0-9]{40}$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  const keyRow = page
    .getByTestId("agent-keys")
    .getByTestId("key-row")
    .filter({ hasText: `${agentName} key` });
  await expect(keyRow).toContainText(`${secret.slice(0, 12)}…`);
  expect(await page.content()).not.toContain(secret);

  // Grants: read-only on the fixture's store, read-write on the new one.
  const confirmAccess = page.getByRole("dialog", { name: "Change access?" });
  const readOnlyCell = await grantCell(page, agentName, fixture.storeName);
  await readOnlyCell.selectOption("read_only");
  await confirmAccess.getByRole("button", { name: "Change access" }).click();
  await expect(readOnlyCell).toHaveValue("read_only");
  await expect(readOnlyCell).toBeEnabled();
  const readWriteCell = await grantCell(page, agentName, writable);
  await readWriteCell.selectOption("read_write");
  await confirmAccess.getByRole("button", { name: "Change access" }).click();
  await expect(readWriteCell).toHaveValue("read_write");
  await expect(readWriteCell).toBeEnabled();
  const writableId = (await page.getByTestId("store-row").filter({ hasText: writable }).locator("td.mono").textContent())!.trim();

  // The key, through the API.
  const headers = { authorization: `Bearer ${secret}` };
  const readOnlyStore = `/api/v1/memory_stores/${fixture.storeId}/memories`;
  expect((await request.get(readOnlyStore, { headers })).status()).toBe(200);
  const refused = await request.post(readOnlyStore, { headers, data: { path: "/agent/attempt.md", content: "no\n" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.type).toBe("permission_error");
  const written = await request.post(`/api/v1/memory_stores/${writableId}/memories`, { headers, data: { path: "/agent/ok.md", content: "yes\n" } });
  expect(written.status()).toBe(200);
  expect((await request.get(`/api/v1/memory_stores/${writableId}/memories`, { headers })).status()).toBe(200);
  // Last used is now set.
  await page.reload();
  await expect(keyRow.locator("td").nth(4)).not.toHaveText("never");

  // Revoke, with confirmation; the next request is refused.
  await keyRow.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke ${agentName} key?` });
  await expect(confirm).toContainText("cannot be undone");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(keyRow.getByText("revoked")).toBeVisible();
  expect((await request.get(readOnlyStore, { headers })).status()).toBe(401);
  expect((await request.post(`/api/v1/memory_stores/${writableId}/memories`, { headers, data: { path: "/agent/late.md", content: "x\n" } })).status()).toBe(
    401,
  );
});

test("archive and delete spell out their consequences before acting", async ({ page, fixture }) => {
  const tag = Date.now().toString(36);
  await signInAs(page, fixture);
  await page.goto("/admin");
  for (const name of [`e2e-archive-${tag}`, `e2e-delete-${tag}`]) {
    const form = page.getByRole("form", { name: "Create store" });
    await form.getByLabel("Store name").fill(name);
    await form.getByRole("button", { name: "Create store" }).click();
    await expect(page.getByTestId("store-row").filter({ hasText: name })).toBeVisible();
  }
  const archiveRow = await storeRow(page, `e2e-archive-${tag}`);
  await archiveRow.getByRole("button", { name: "Archive" }).click();
  const archive = page.getByRole("dialog", { name: `Archive e2e-archive-${tag}?` });
  await expect(archive.getByTestId("consequences")).toContainText("one-way");
  await expect(archive.getByTestId("consequences")).toContainText("read-only");
  await archive.getByRole("button", { name: "Archive store" }).click();
  await expect(archiveRow.getByText("archived")).toBeVisible();

  // The fixture's store has one memory with one version.
  const fixtureRow = await storeRow(page, fixture.storeName);
  await fixtureRow.getByRole("button", { name: "Delete" }).click();
  const del = page.getByRole("dialog", { name: `Delete ${fixture.storeName}?` });
  await expect(del.getByTestId("consequences")).toContainText("permanently removes 1 memories and 1 versions");
  await del.getByRole("button", { name: "Cancel" }).click();
  await expect(del).toBeHidden();

  const deleteRow = await storeRow(page, `e2e-delete-${tag}`);
  await deleteRow.getByRole("button", { name: "Delete" }).click();
  const delEmpty = page.getByRole("dialog", { name: `Delete e2e-delete-${tag}?` });
  await expect(delEmpty.getByTestId("consequences")).toContainText("removes 0 memories and 0 versions");
  await delEmpty.getByRole("button", { name: "Delete store permanently" }).click();
  await expect(deleteRow).toHaveCount(0);
});
