import { expect, test } from "./fixtures";
import { signInAs, tamperAuditEvent } from "./support/console-seed";
import { parseCsv } from "../test/parse-csv";

type Exported = { seq: number; action: string; hash: string; prev_hash: string; store_id: string | null };

test("the audit viewer filters by store, and its CSV and NDJSON exports parse and match its rows; the chain verifies", async ({ page, request, fixture }) => {
  // Some events of our own on the fixture's store.
  const headers = { authorization: `Bearer ${fixture.apiKey}` };
  for (const name of ["a", "b", "c"]) {
    const created = await request.post(`/api/v1/memory_stores/${fixture.storeId}/memories`, {
      headers,
      data: { path: `/audit/${name}.md`, content: `${name}\n` },
    });
    expect(created.status()).toBe(200);
  }
  await signInAs(page, fixture);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

  const filters = page.getByRole("form", { name: "Filter audit events" });
  await filters.getByLabel("Store", { exact: true }).selectOption({ label: fixture.storeName });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  const rows = page.getByTestId("audit-row");
  // The fixture's store.created, memory.created and grant, then our three memory.created.
  await expect(rows.filter({ hasText: "memory.created" })).toHaveCount(4);
  await expect(rows.filter({ hasText: "store.created" })).toHaveCount(1);
  const seqs = (await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-seq"))))).sort((a, b) => a - b);
  const actions = await rows.locator("td:nth-child(3)").allInnerTexts();

  // The export links carry the same filters.
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const ndjsonHref = await page.getByRole("link", { name: "Export NDJSON" }).getAttribute("href");
  expect(csvHref).toContain(`store_id=${fixture.storeId}`);
  const ndjson = (await (await page.request.get(ndjsonHref!)).text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Exported);
  expect(ndjson.map((e) => e.seq)).toEqual(seqs);
  expect(ndjson.every((e) => e.store_id === fixture.storeId)).toBe(true);
  expect([...ndjson.map((e) => e.action)].sort()).toEqual([...actions].sort());

  const [header, ...csvRows] = parseCsv(await (await page.request.get(csvHref!)).text()).filter((r) => r.length > 1);
  const col = (name: string) => header.indexOf(name);
  expect(col("seq")).toBeGreaterThanOrEqual(0);
  expect(csvRows.map((r) => Number(r[col("seq")]))).toEqual(seqs);
  expect(csvRows.map((r) => r[col("hash")])).toEqual(ndjson.map((e) => e.hash));

  // The detail panel shows every field, hashes included, matching the export.
  const newest = ndjson.at(-1)!;
  // (Its seq cell is the button that opens it: the actor's name in the middle of the row is its own control, the hover card.)
  await rows.getByRole("button", { name: `Event #${newest.seq} details`, exact: true }).click();
  const detail = page.getByRole("dialog", { name: `Event #${newest.seq}` });
  await expect(detail.getByTestId("event-detail")).toContainText(newest.hash);
  await expect(detail.getByTestId("event-detail")).toContainText(newest.prev_hash);
  await detail.getByRole("button", { name: "Close" }).click();

  // Paging: the filtered list fits one page, so there is nothing more to load.
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain OK");
});

test("an audit row edited in the database breaks the chain, and the viewer highlights that exact event", async ({ page, fixture }) => {
  await signInAs(page, fixture);
  await page.goto("/audit");
  const filters = page.getByRole("form", { name: "Filter audit events" });
  await filters.getByLabel("Store", { exact: true }).selectOption({ label: fixture.storeName });
  await filters.getByLabel("Action", { exact: true }).selectOption("memory.created");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  const row = page.getByTestId("audit-row");
  await expect(row).toHaveCount(1);
  const seq = Number(await row.getAttribute("data-seq"));
  await row.click();
  const eventId = (await page.getByTestId("event-detail").locator("dt:text-is('Id') + dd").innerText()).trim();
  await page
    .getByRole("dialog", { name: `Event #${seq}` })
    .getByRole("button", { name: "Close" })
    .click();

  const original = tamperAuditEvent(eventId, JSON.stringify({ path: "/notes/forged.md" }));
  try {
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByTestId("verify-result")).toContainText(`Chain broken at event #${seq} (${eventId})`);
    await expect(row).toHaveClass(/broken/);
  } finally {
    // Put it back so the shared e2e database's chain verifies for the other specs.
    tamperAuditEvent(eventId, original);
  }
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain OK");
  await expect(row).not.toHaveClass(/broken/);
});
