import { expect, test } from "./fixtures";
import { sameOrigin, seedUser, signInAs } from "./support/console-seed";

test("compliance places a legal hold on a store, deletion is refused while it stands, and lifts it with a reason", async ({ page, fixture }) => {
  const officer = seedUser("compliance");
  await signInAs(page, officer);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Holds" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Legal holds" })).toBeVisible();

  const form = page.getByRole("form", { name: "Place a legal hold" });
  await form.getByLabel("Store", { exact: true }).selectOption({ label: fixture.storeName });
  await form.getByLabel("Reason").fill("Litigation hold, case 2026-17");
  await form.getByRole("button", { name: "Place hold" }).click();

  const row = page.getByTestId("hold").filter({ hasText: fixture.storeName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Litigation hold, case 2026-17");
  await expect(row).toContainText("whole store");
  await expect(row).toContainText(officer.name);
  await expect(row).toContainText("active");

  // While the hold stands, deleting the store's memory is refused with a clear 409.
  const memories = (await (await page.request.get(`/api/v1/memory_stores/${fixture.storeId}/memories`)).json()) as { data: { id: string }[] };
  const agentDelete = await page.request.delete(`/api/v1/memory_stores/${fixture.storeId}/memories/${memories.data[0].id}`, {
    headers: { "x-api-key": fixture.apiKey },
  });
  expect(agentDelete.status()).toBe(409);
  expect(((await agentDelete.json()) as { error: { message: string } }).error.message).toMatch(/legal hold/);

  await row.getByRole("button", { name: "Lift…" }).click();
  await row.getByLabel("Reason for lifting").fill("Case settled");
  await row.getByRole("button", { name: "Lift hold" }).click();
  await expect(page.getByTestId("hold").filter({ hasText: fixture.storeName })).toHaveCount(0);

  await page.getByLabel("Show").selectOption({ label: "active and lifted" });
  const lifted = page.getByTestId("hold").filter({ hasText: fixture.storeName });
  await expect(lifted).toContainText("lifted");
  await expect(lifted).toContainText("Case settled");
  await expect(lifted.getByRole("button", { name: "Lift…" })).toHaveCount(0);

  // Lifted: the delete goes through, and the audit log has both steps.
  const retried = await page.request.delete(`/api/v1/memory_stores/${fixture.storeId}/memories/${memories.data[0].id}`, {
    headers: { "x-api-key": fixture.apiKey },
  });
  expect(retried.status()).toBe(200);
  const audit = (await (await page.request.get("/api/v1/audit_events?limit=100", { headers: sameOrigin(page) })).json()) as { data: { action: string }[] };
  expect(audit.data.map((e) => e.action)).toEqual(expect.arrayContaining(["legal_hold.placed", "legal_hold.lifted"]));
});

test("the store page shows the retention policy and what the next run removes; an admin applies the Managed Agents preset", async ({ page, fixture }) => {
  await signInAs(page, fixture);
  await page.goto(`/stores/${fixture.storeId}`);
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Retention" }) });
  await expect(panel.getByTestId("retention-policy")).toHaveText("Keeps every version.");
  await expect(panel.getByTestId("retention-next-run")).toHaveText("The next run removes nothing.");
  await panel.getByRole("button", { name: "Managed Agents preset (30 days)" }).click();
  await expect(panel.getByTestId("retention-policy")).toHaveText(
    "Removes versions older than 30 days, except the newest 10 of each memory and its current version.",
  );
  const saved = (await (await page.request.get(`/api/v1/memory_stores/${fixture.storeId}/retention`)).json()) as { policy: unknown };
  expect(saved.policy).toEqual({ version_days: 30, keep_latest: 10 });
});

test("redacting under a legal hold asks for an override reason, which the audit log records", async ({ page }) => {
  test.setTimeout(120_000);
  const officer = seedUser("compliance", "leak");
  await signInAs(page, officer);
  const placed = await page.request.post("/api/v1/holds", {
    headers: sameOrigin(page),
    data: { memory_store_id: officer.storeId, reason: "Regulator inquiry" },
  });
  expect(placed.status()).toBe(200);

  await page.goto("/compliance");
  const find = page.getByRole("form", { name: "Find in history" });
  await find.getByLabel("Text or pattern").fill(officer.secret!);
  await find.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("search-result")).toHaveCount(3);
  const redact = page.locator("section", { has: page.getByRole("heading", { name: "Redact" }) });
  await redact.getByLabel(/Reason/).fill("Leaked key (INC-90)");
  await redact.getByRole("button", { name: "Dry run" }).click();
  await page.getByTestId("redaction-plan").getByRole("button", { name: "Redact…" }).click();
  const confirm = page.getByRole("dialog", { name: "Redact for good?" });
  await confirm.getByRole("button", { name: "Redact" }).click();
  await expect(confirm).toContainText("legal hold");
  await confirm.getByLabel(/reason to redact anyway/).fill("Counsel approved removing the leaked key");
  await confirm.getByRole("button", { name: "Redact" }).click();
  await expect(page.getByTestId("redaction-record")).toContainText("Leaked key (INC-90)");

  const audit = (await (await page.request.get("/api/v1/audit_events?limit=20&action=redaction.text")).json()) as {
    data: { data: { legal_hold_override?: { reason: string } } }[];
  };
  expect(audit.data[0].data.legal_hold_override?.reason).toBe("Counsel approved removing the leaked key");
});
