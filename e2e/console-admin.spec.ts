import { expect, test } from "./fixtures";
import { findMember } from "./support/find-member";
import { agentApi, signIn } from "./helpers/developer";

test("'New store' on the Stores page creates a store and opens it; a duplicate name is refused", async ({ page, fixture }) => {
  await signIn(page, fixture);
  const name = `${fixture.storeName}-new`;
  await page.getByRole("button", { name: "New store" }).click();
  const dialog = page.getByRole("dialog", { name: "New store" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create store" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.goto("/stores");
  await page.getByRole("button", { name: "New store" }).click();
  await dialog.getByLabel("Name").fill(name.toUpperCase());
  await dialog.getByRole("button", { name: "Create store" }).click();
  await expect(dialog.getByRole("alert")).toContainText("already exists");
  // The alert clears as soon as the user edits the form.
  await dialog.getByLabel("Name").fill(`${name}-2`);
  await expect(dialog.getByRole("alert")).toHaveCount(0);
});

test("grant and role changes ask first and say 'saved'; the admin page has section links", async ({ page, fixture }) => {
  await signIn(page, fixture);
  await page.goto("/admin");
  await expect(page.getByRole("navigation", { name: "Admin sections" }).getByRole("link")).toHaveText([
    "Members",
    "Roles",
    "Agents and API keys",
    "Stores and access",
    "Webhooks",
  ]);

  const cell = page.getByLabel(`Access of All agents on ${fixture.storeName}`);
  await cell.selectOption("read_only");
  const confirm = page.getByRole("dialog", { name: "Change access?" });
  await expect(confirm.getByTestId("grant-change")).toContainText(`no grant → read_only`);
  // Cancelling changes nothing.
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(cell).toHaveValue("");
  await cell.selectOption("read_only");
  await confirm.getByRole("button", { name: "Change access" }).click();
  await expect(cell).toHaveValue("read_only");
  await expect(cell.locator("xpath=..").getByRole("status")).toHaveText("saved");
  // Back to no grant: a store granted to all agents would show up in every later spec's agent listing.
  await cell.selectOption("");
  await expect(confirm.getByTestId("grant-change")).toContainText(`read_only → no grant`);
  await confirm.getByRole("button", { name: "Change access" }).click();
  await expect(cell).toHaveValue("");

  await findMember(page, fixture.email);
  const role = page.getByLabel(`Role of ${fixture.email}`);
  await role.selectOption("developer");
  const roleDialog = page.getByRole("dialog", { name: "Change role?" });
  await expect(roleDialog.getByTestId("role-change")).toContainText("admin → developer");
  await roleDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(role).toHaveValue("admin");
});

test("'New file' adds the leading slash a path was typed without", async ({ page, request, fixture }) => {
  await agentApi(request, fixture).create("/existing.md", "x\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}`);
  await page.getByRole("button", { name: "New file" }).click();
  const dialog = page.getByRole("dialog", { name: "New file" });
  await dialog.getByLabel("Path").fill("notes/from-console.md");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByTestId("file-path")).toHaveText("/notes/from-console.md");
});

test("a path-scoped grant shows its patterns and cannot be replaced by a store-wide level from the matrix", async ({ page, fixture }) => {
  await signIn(page, fixture);
  await page.goto("/admin");
  // The fixture's agent holds read_write on its store; scope it to two patterns (the API is the way to edit patterns).
  const status = await page.evaluate(async (storeId) => {
    const grants = (await (await fetch("/api/v1/grants")).json()) as { grants: { memory_store_id: string; agent_id: string | null }[] };
    const agentId = grants.grants.find((g) => g.memory_store_id === storeId && g.agent_id)!.agent_id;
    const res = await fetch(`/api/v1/memory_stores/${storeId}/grants`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        agent_id: agentId,
        access: "read_write",
        paths: [
          { pattern: "/journal/**", access: "read_write" },
          { pattern: "/preferences.json", access: "read_only" },
        ],
      }),
    });
    return res.status;
  }, fixture.storeId);
  expect(status).toBe(200);
  await page.reload();
  const patterns = page.getByTestId("scoped-grant");
  await expect(patterns).toContainText("/journal/** read_write");
  await expect(patterns).toContainText("/preferences.json read_only");
  const cell = page.locator("td", { has: patterns }).getByRole("combobox");
  await expect(cell).toBeDisabled();
});
