import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";
import type { Page } from "@playwright/test";

// Issue 16 "Times": shown relative, with the absolute time in the viewer's zone as a tooltip,
// labelled with the zone; one component everywhere (no page prints its own date format).
const zone = "Asia/Tokyo";
test.use({ timezoneId: zone, locale: "en-US" });

const tokyoClock = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso)).replace(/^24/, "00");

/** Every <time> on the page is relative with a zone-labelled absolute tooltip; no raw locale dates are printed. */
async function checkTimes(page: Page, what: string) {
  const times = page.locator("main time");
  await expect(times.first(), what).toBeVisible();
  for (const time of await times.all()) {
    const iso = await time.getAttribute("datetime");
    expect(iso, what).toBeTruthy();
    await expect(time, `${what}: ${iso}`).toHaveAttribute("title", new RegExp(`${tokyoClock(iso!)}.*\\(${zone}\\)`));
  }
  // toLocaleString's "12/2/2026, 9:41:00 AM" or an ISO timestamp printed as text.
  await expect(page.locator("main"), what).not.toContainText(/\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d\d-\d\dT\d\d:/);
}

/** A keyboard user reaches a time with Tab and sees the exact, zone-labelled time beside it. */
async function tabToExactTime(page: Page, what: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let focused = "";
  for (let i = 0; i < 80 && focused !== "TIME"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.tagName ?? "");
  }
  expect(focused, `${what}: a time takes keyboard focus`).toBe("TIME");
  const shown = await page.evaluate(() => getComputedStyle(document.activeElement!, "::after").content);
  expect(shown, `${what}: the exact time shown on focus`).toMatch(new RegExp(`\\(${zone}\\)`));
}

test("times are relative with the absolute time in the viewer's zone, labelled with the zone, on every page", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const session = await api.startSession(`Times ${fixture.storeName}`);
  const file = await api.create("/times/a.md", "one\n", session.id);
  await api.update(file.id, "one\ntwo\n", session.id);
  await api.endSession(session.id);
  // The key has been used, so the admin page shows a "last used" time.
  await signIn(page, fixture);

  await page.goto("/stores");
  await checkTimes(page, "stores");
  await page.goto(`/sessions?q=${encodeURIComponent(fixture.storeName)}`);
  await expect(page.getByRole("link", { name: `Times ${fixture.storeName}` })).toBeVisible();
  await checkTimes(page, "sessions");
  const relative = page
    .getByRole("row")
    .filter({ hasText: `Times ${fixture.storeName}` })
    .locator("time")
    .first();
  await expect(relative).toHaveText(/ago|now|minute/);

  await tabToExactTime(page, "sessions");

  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId("timeline-event").first()).toBeVisible();
  await checkTimes(page, "session");

  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=history`);
  await expect(page.getByTestId("history-list")).toBeVisible();
  await checkTimes(page, "history");

  await page.goto(`/stores/${fixture.storeId}?file=${file.id}&tab=blame`);
  await expect(page.getByText("two").first()).toBeVisible();
  await checkTimes(page, "blame");

  await page.goto("/audit");
  await expect(page.getByRole("table")).toBeVisible();
  await checkTimes(page, "audit");

  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: /keys/i }).first()).toBeVisible();
  await checkTimes(page, "admin");
});
