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
  // All of the page's times read at once, again until every one is right: the admin page holds
  // a time per key, member and webhook of every earlier spec, and asking them one by one outlived
  // the test's minute (a list that re-rendered meanwhile left the loop waiting for an nth time).
  const wrong = async () =>
    (await times.evaluateAll((nodes) => nodes.map((node) => ({ iso: node.getAttribute("datetime"), title: node.getAttribute("title") }))))
      .filter(({ iso, title }) => !iso || !new RegExp(`${tokyoClock(iso)}.*\\(${zone}\\)`).test(title ?? ""))
      .map(({ iso, title }) => `${iso}: ${title}`);
  await expect.poll(wrong, { message: what }).toEqual([]);
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

/** The elements a keyboard user reaches with Tab from the top of the page, up to `limit` presses. */
async function tabStops(page: Page, limit: number) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: { tag: string; datetime: string | null; inTable: boolean }[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      // Round the page once: stop at the body or at an element already visited.
      const again = !active || active === document.body || active.dataset.e2eVisited === "1";
      if (active) active.dataset.e2eVisited = "1";
      return { again, tag: active?.tagName ?? "", datetime: active?.getAttribute("datetime") ?? null, inTable: Boolean(active?.closest("table")) };
    });
    if (stop.again) break;
    stops.push(stop);
  }
  return stops;
}

const focusedTime = (page: Page) => page.evaluate(() => (document.activeElement?.tagName === "TIME" ? document.activeElement.getAttribute("datetime") : null));

test("a list's times cost one Tab; the arrow keys reach every exact time, which screen readers hear as its description", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const tag = fixture.storeName.replace("e2e-store-", "");
  for (const n of [1, 2, 3]) {
    const session = await api.startSession(`Stops ${tag} ${n}`);
    const file = await api.create(`/stops/${tag}-${n}.md`, `${n}\n`, session.id);
    if (n === 1) await api.update(file.id, "1, edited\n", session.id);
    await api.endSession(session.id);
  }
  await signIn(page, fixture);
  await page.goto(`/sessions?q=${encodeURIComponent(`Stops ${tag}`)}`);
  const table = page.getByRole("region", { name: "Sessions" });
  await expect(table.getByRole("row")).toHaveCount(4);
  const times = table.locator("time");
  await expect(times).toHaveCount(3);
  const datetimes = await times.evaluateAll((all) => all.map((time) => time.getAttribute("datetime")));

  // Tab walks the page: three rows, three links, but one time.
  const stops = await tabStops(page, 100);
  expect(stops.filter((stop) => stop.inTable && stop.tag === "A")).toHaveLength(3);
  expect(stops.filter((stop) => stop.inTable && stop.tag === "TIME").map((stop) => stop.datetime)).toEqual([datetimes[0]]);

  // From the list's time, the arrow keys move along the others, each showing its exact time.
  await times.first().focus();
  await page.keyboard.press("ArrowDown");
  expect(await focusedTime(page)).toBe(datetimes[1]);
  const shown = await page.evaluate(() => getComputedStyle(document.activeElement!, "::after").content);
  expect(shown).toContain(tokyoClock(datetimes[1]!));
  expect(shown).toMatch(new RegExp(`\\(${zone}\\).*↑↓`));
  await page.keyboard.press("End");
  expect(await focusedTime(page)).toBe(datetimes[2]);
  await page.keyboard.press("ArrowUp");
  expect(await focusedTime(page)).toBe(datetimes[1]);
  // The list remembers where the keyboard left it: Tab away and back lands on the same time.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  expect(await focusedTime(page)).toBe(datetimes[1]);
  await expect(table.locator('time[tabindex="0"]')).toHaveCount(1);

  // A screen reader hears each time with its exact, zone-labelled time.
  for (const [index, time] of (await times.all()).entries())
    await expect(time).toHaveAccessibleDescription(new RegExp(`${tokyoClock(datetimes[index]!)}.*\\(${zone}\\)`));

  // The same on a session's timeline: one tab stop for its events' times.
  await page.getByRole("link", { name: `Stops ${tag} 1` }).click();
  await expect(page.getByTestId("timeline-event")).toHaveCount(2);
  await expect(page.getByTestId("timeline").locator("time[tabindex]")).toHaveCount(2);
  await expect(page.getByTestId("timeline").locator('time[tabindex="0"]')).toHaveCount(1);

  // A list of one time has no other times to reach: its exact time comes without the arrow keys' hint.
  await page.goto(`/sessions?q=${encodeURIComponent(`Stops ${tag} 2`)}`);
  await expect(table.getByRole("row")).toHaveCount(2);
  await tabToExactTime(page, "a list of one session");
  const alone = await page.evaluate(() => getComputedStyle(document.activeElement!, "::after").content);
  expect(alone).toContain(tokyoClock(datetimes[1]!));
  expect(alone).not.toContain("↑↓");
});
