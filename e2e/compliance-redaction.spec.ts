import { gunzipSync } from "node:zlib";
import { expect, test } from "./fixtures";
import { sameOrigin, seedUser, signInAs } from "./support/console-seed";

test("compliance finds a leaked key across history, dry-runs, redacts with a reason, and the key is gone everywhere", async ({ page }) => {
  test.setTimeout(120_000);
  const officer = seedUser("compliance", "leak");
  const secret = officer.secret!;
  const storeId = officer.storeId!;
  await signInAs(page, officer);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await nav.getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { name: "Compliance", level: 1 })).toBeVisible();

  // Find: every store, whole history. Three versions hold the key; excerpts are masked.
  const find = page.getByRole("form", { name: "Find in history" });
  await find.getByLabel("Text or pattern").fill(secret);
  await find.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("search-result");
  await expect(results).toHaveCount(3);
  await expect(results.filter({ hasText: "/notes/deploy.md" })).toHaveCount(2);
  await expect(results.filter({ hasText: "/notes/old.md" })).toHaveCount(1);
  await expect(results.filter({ hasText: "current" })).toHaveCount(1);
  expect(await page.getByTestId("search-results").innerText()).not.toContain(secret);

  // Redact the matched text everywhere: the reason is required, and the dry run lists exactly what changes.
  const redact = page.getByRole("region", { name: "Redact" }).or(page.locator("section", { has: page.getByRole("heading", { name: "Redact" }) }));
  await expect(redact.getByRole("button", { name: "Dry run" })).toBeDisabled();
  await redact.getByLabel(/Reason/).fill("Leaked production key (INC-42)");
  await redact.getByRole("button", { name: "Dry run" }).click();
  const plan = page.getByTestId("redaction-plan");
  await expect(plan.getByRole("heading")).toHaveText("Dry run: 3 versions would change");
  await expect(plan).toContainText("1 memories hold the text in their current version: each first gets a clean new version");
  await expect(plan.getByRole("listitem")).toHaveCount(3);
  // Nothing changed yet.
  const stillThere = await page.request.post("/api/v1/redaction/search", { headers: sameOrigin(page), data: { query: secret, store_id: storeId } });
  expect(((await stillThere.json()) as { data: unknown[] }).data).toHaveLength(3);

  await plan.getByRole("button", { name: "Redact…" }).click();
  const confirm = page.getByRole("dialog", { name: "Redact for good?" });
  await expect(confirm).toContainText("3 versions change permanently");
  await confirm.getByRole("button", { name: "Redact" }).click();
  const record = page.getByTestId("redaction-record");
  await expect(record).toContainText("Leaked production key (INC-42)");
  await expect(record).toContainText("Clean new versions");

  // Gone: search, every memory and version (full view), diff and blame, export with history, audit log and its export.
  await find.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("search-summary")).toHaveText("No matches.");
  const seen: string[] = [await page.content()];
  const get = async (path: string) => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const text = await response.text();
    seen.push(text);
    return text;
  };
  const memories = JSON.parse(await get(`/api/v1/memory_stores/${storeId}/memories?view=full&limit=100`)) as { data: { id: string; type: string }[] };
  const versions = JSON.parse(await get(`/api/v1/memory_stores/${storeId}/memory_versions?view=full&limit=100`)) as { data: { id: string }[] };
  expect(versions.data.length).toBeGreaterThanOrEqual(5);
  for (const memory of memories.data.filter((m) => m.type === "memory")) {
    await get(`/api/v1/memory_stores/${storeId}/memories/${memory.id}`);
    await get(`/api/v1/memory_stores/${storeId}/memories/${memory.id}/blame`);
  }
  for (const version of versions.data) await get(`/api/v1/memory_stores/${storeId}/memory_versions/${version.id}?view=full`);
  await get(`/api/v1/audit_events?limit=100`);
  await get(`/api/v1/audit_events/export?format=ndjson`);
  await get(`/api/v1/audit_events/export?format=csv`);
  const archive = await page.request.get(`/api/v1/memory_stores/${storeId}/export?history=true`);
  expect(archive.status()).toBe(200);
  seen.push(gunzipSync(await archive.body()).toString("latin1"));
  for (const path of [`/stores/${storeId}`, "/audit", "/compliance"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    seen.push(await page.content());
  }
  for (const text of seen) expect(text).not.toContain(secret);
  // The redacted head still reads, with the marker.
  expect(seen.join("\n")).toContain("[REDACTED]");
});
