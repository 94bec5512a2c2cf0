import { expect, test } from "./fixtures";
import { seedUser, signInAs } from "./support/console-seed";

test("compliance sees the seeded leaked key in Findings without typing, previews, redacts with a reason; the key is gone and history says who and why", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const officer = seedUser("compliance", "leak");
  const secret = officer.secret!;
  const storeId = officer.storeId!;
  await signInAs(page, officer);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();

  // The background scanner finds the key in the head and in the history (three versions); the queue refreshes itself.
  const queue = page.locator("section", { has: page.getByRole("heading", { name: "Findings" }) });
  const rows = queue.getByTestId("finding").filter({ hasText: officer.storeName! });
  await expect(rows).toHaveCount(3, { timeout: 60_000 });
  await expect(rows.first()).toContainText("prefixed-secret-key");
  expect(await queue.innerText()).not.toContain(secret);

  // Preview: every changed line masked before, with the marker after.
  await rows.first().getByRole("button", { name: "Redact…" }).click();
  const dialog = page.getByRole("dialog", { name: /Redact this prefixed-secret-key finding/ });
  const plan = dialog.getByTestId("finding-plan");
  await expect(plan).toContainText("+ use key [REDACTED] for prod");
  expect(await plan.innerText()).not.toContain(secret);
  await expect(dialog.getByRole("button", { name: "Redact" })).toBeDisabled();
  await dialog.getByLabel(/Reason/).fill("Leaked production key (INC-77)");
  await dialog.getByRole("button", { name: "Redact" }).click();
  await expect(dialog).toBeHidden();
  // The same key in the other versions goes with it.
  await expect(rows).toHaveCount(0);

  // Gone from every page and API response the spec reaches.
  const seen: string[] = [await page.content()];
  const versions = (await (await page.request.get(`/api/v1/memory_stores/${storeId}/memory_versions?view=full&limit=100`)).json()) as {
    data: { id: string; memory_id: string; engram: { redaction: { reason: string } | null } }[];
  };
  seen.push(JSON.stringify(versions));
  for (const v of versions.data) seen.push(await (await page.request.get(`/api/v1/memory_stores/${storeId}/memory_versions/${v.id}?view=full`)).text());
  seen.push(await (await page.request.get(`/api/v1/audit_events?limit=100`)).text());
  for (const path of [`/stores/${storeId}`, "/audit", "/compliance"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    seen.push(await page.content());
  }
  for (const text of seen) expect(text).not.toContain(secret);

  // History: the redacted version says who and why.
  const redacted = versions.data.find((v) => v.engram.redaction);
  expect(redacted?.engram.redaction?.reason).toBe("Leaked production key (INC-77)");
  await page.goto(`/stores/${storeId}?file=${redacted!.memory_id}&tab=history`);
  const note = page.getByTestId("version-redaction").first();
  await expect(note).toContainText("Leaked production key (INC-77)");
  await expect(note).toContainText("redacted by");
});
