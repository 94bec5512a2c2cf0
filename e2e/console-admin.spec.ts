import { expect, test } from "./fixtures";
import { grantCell } from "./support/admin-stores";
import { fillUntilShown } from "./support/fill-until-shown";
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

  const cell = await grantCell(page, "All agents", fixture.storeName);
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
  const { status, agentName } = await page.evaluate(async (storeId) => {
    const matrix = (await (await fetch("/api/v1/grants")).json()) as {
      grants: { memory_store_id: string; agent_id: string | null }[];
      agents: { id: string; name: string }[];
    };
    const agentId = matrix.grants.find((g) => g.memory_store_id === storeId && g.agent_id)!.agent_id;
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
    return { status: res.status, agentName: matrix.agents.find((a) => a.id === agentId)!.name };
  }, fixture.storeId);
  expect(status).toBe(200);
  await page.reload();
  const cell = await grantCell(page, agentName, fixture.storeName);
  const patterns = page.getByTestId("scoped-grant");
  await expect(patterns).toContainText("/journal/** read_write");
  await expect(patterns).toContainText("/preferences.json read_only");
  await expect(page.locator("td", { has: patterns }).getByRole("combobox")).toHaveAccessibleName(`Access of ${agentName} on ${fixture.storeName}`);
  await expect(cell).toBeDisabled();
});

test("the grant matrix shows a window of stores and agents however many there are; Find a store, Find an agent and Next reach the rest", async ({
  page,
  fixture,
}) => {
  const tag = `e2e-win-${Date.now().toString(36)}`;
  await signIn(page, fixture);
  await page.goto("/admin");
  // Eleven stores and twenty-one agents of this test, beside whatever other specs made.
  const made = await page.evaluate(async (tag) => {
    const post = (path: string, body: unknown) =>
      fetch(`/api/v1${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.status);
    const stores = await Promise.all(Array.from({ length: 11 }, (_, i) => post("/memory_stores", { name: `${tag}-store-${String(i).padStart(2, "0")}` })));
    const agents = await Promise.all(Array.from({ length: 21 }, (_, i) => post("/agents", { name: `${tag}-agent-${String(i).padStart(2, "0")}` })));
    return [...stores, ...agents];
  }, tag);
  expect(made.every((status) => status === 201 || status === 200)).toBe(true);
  // The console asks the server for a window of the matrix, never for all of it.
  const asked = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/v1/grants");
  await page.reload();
  const window = await (await asked).json();
  expect(window.memory_stores_total).toBeGreaterThanOrEqual(11);
  expect(window.agents_total).toBeGreaterThanOrEqual(21);
  expect(window.memory_stores.length).toBeLessThanOrEqual(10);
  expect(window.agents.length).toBeLessThanOrEqual(20);

  const matrix = page.getByTestId("grant-matrix");
  const storeColumns = matrix.locator("thead th[scope=col]");
  const agentRows = matrix.locator("tbody th[scope=row]");
  await expect(agentRows.first()).toHaveText("All agents");
  // Never the whole workspace: at most 10 stores and 20 agents (plus "All agents") at a time.
  expect(await storeColumns.count()).toBeLessThanOrEqual(10);
  expect(await agentRows.count()).toBeLessThanOrEqual(21);
  await expect(page.getByTestId("store-row")).toHaveCount(await storeColumns.count());

  await fillUntilShown(page.getByLabel("Find a store"), `${tag}-store`, page.getByRole("status").filter({ hasText: "Stores 1–10 of 11" }));
  await expect(storeColumns).toHaveCount(10);
  await expect(storeColumns.first()).toHaveText(`${tag}-store-00`);
  await page.getByRole("button", { name: "Next stores" }).click();
  await expect(storeColumns).toHaveText([`${tag}-store-10`]);
  await expect(page.getByTestId("store-row")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Next stores" })).toBeDisabled();
  await page.getByRole("button", { name: "Previous stores" }).click();
  await expect(storeColumns).toHaveCount(10);

  await page.getByLabel("Find an agent").fill(`${tag}-agent`);
  await expect(page.getByRole("status").filter({ hasText: "Agents 1–20 of 21" })).toBeVisible();
  await expect(agentRows).toHaveCount(21);
  await page.getByRole("button", { name: "Next agents" }).click();
  await expect(agentRows).toHaveText(["All agents", `${tag}-agent-20`]);
  // A new filter starts at the first window again.
  await page.getByLabel("Find an agent").fill(`${tag}-agent-1`);
  await expect(agentRows).toHaveText(["All agents", ...Array.from({ length: 10 }, (_, i) => `${tag}-agent-1${i}`)]);

  await page.getByLabel("Find a store").fill(`${tag}-nothing`);
  await expect(page.getByText(`No store's name contains “${tag}-nothing”.`)).toBeVisible();
  await expect(storeColumns).toHaveCount(0);
});
