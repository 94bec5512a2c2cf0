import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { agentApi, SCREENSHOTS, signIn } from "./helpers/developer";

type Target = { name: string; path: string; ready: (page: Page) => Promise<void> };

const heading = (text: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name: text })).toBeVisible();
};

/** Every console page: axe finds nothing serious, nothing scrolls sideways at 390 px, both themes render; screenshots of each. */
test("every console page passes axe, fits 390 px and renders in light and dark", async ({ page, request, fixture }) => {
  test.setTimeout(600_000);
  const api = agentApi(request, fixture);
  const session = await api.startSession("Pages tour");
  const file = await api.create("/tour/notes.md", "# Tour\n\nA line written by the agent in a session.\n", session.id);
  await api.update(file.id, "# Tour\n\nA line written by the agent in a session.\nAnd a second one.\n", session.id);
  await api.endSession(session.id);
  const store = `/stores/${fixture.storeId}`;
  const targets: Target[] = [
    { name: "stores", path: "/stores", ready: heading("Stores") },
    { name: "store", path: store, ready: async (p) => void (await expect(p.getByTestId("file-tree")).toBeVisible()) },
    {
      name: "store-editor",
      path: `${store}?file=${file.id}`,
      ready: async (p) => void (await expect(p.getByTestId("code-editor").locator(".view-lines")).toContainText("second one")),
    },
    {
      name: "store-history",
      path: `${store}?file=${file.id}&tab=history`,
      ready: async (p) => void (await expect(p.getByTestId("history-list")).toBeVisible()),
    },
    { name: "store-blame", path: `${store}?file=${file.id}&tab=blame`, ready: async (p) => void (await expect(p.getByTestId("blame")).toBeVisible()) },
    { name: "sessions", path: "/sessions", ready: heading("Sessions") },
    { name: "session", path: `/sessions/${session.id}`, ready: heading("Pages tour") },
    { name: "search", path: "/search?q=second", ready: async (p) => void (await expect(p.getByTestId("search-result").first()).toBeVisible()) },
    { name: "compliance", path: "/compliance", ready: heading("Compliance") },
    { name: "audit", path: "/audit", ready: async (p) => void (await expect(p.getByTestId("audit-row").first()).toBeVisible()) },
    { name: "admin", path: "/admin", ready: heading("Admin") },
    { name: "not-found", path: "/no-such-page", ready: heading("Page not found") },
  ];

  await signIn(page, fixture);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 1000 ? 900 : 844 });
      for (const target of targets) {
        await test.step(`${target.name} ${scheme} ${width}px`, async () => {
          await page.goto(target.path);
          await target.ready(page);
          // A page still loading (a skeleton, a late list) may show what a settled page does not:
          // the checks are retried until the page passes them or 20 s have gone by.
          const problems = await settled(() => pageProblems(page, target.name, scheme, width), 20_000);
          expect.soft(problems, `${target.name} ${scheme} ${width}px`).toEqual([]);
          await page.screenshot({ path: `${SCREENSHOTS}/${target.name}-${scheme}-${width}.png`, fullPage: width !== 1440 });
        });
      }
    }
  }
});

test("the theme can be chosen and overrides the system preference", async ({ page, fixture }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signIn(page, fixture);
  await page.getByLabel("Theme").selectOption("dark");
  await expect.poll(() => bodyLuminance(page)).toBeLessThan(0.5);
  await page.reload();
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(await bodyLuminance(page)).toBeLessThan(0.5);
  await page.getByLabel("Theme").selectOption("system");
  await expect.poll(() => bodyLuminance(page)).toBeGreaterThan(0.5);
});

/** What is wrong with the page as it stands: background for the theme, sideways scroll, serious axe findings. */
async function pageProblems(page: Page, name: string, scheme: "light" | "dark", width: number): Promise<string[]> {
  const problems: string[] = [];
  const background = luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
  if (scheme === "dark" ? background >= 0.5 : background <= 0.5) problems.push(`${name}: body background luminance ${background.toFixed(2)} in ${scheme}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) problems.push(`${name} scrolls sideways by ${overflow} px at ${width}px: ${await widest(page)}`);
  if (width === 1440 || scheme === "light") {
    const axe = await new AxeBuilder({ page }).exclude(".monaco-editor").analyze();
    for (const v of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
      problems.push(`${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  return problems;
}

/** Runs `check` until it finds nothing or `ms` have passed; the last findings. */
async function settled(check: () => Promise<string[]>, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const problems = await check();
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const bodyLuminance = async (page: Page) => luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The elements that stick out past the right edge of the page (outermost ones, and absolutely positioned
 * ones, which escape their scroll containers), to name the culprit of a sideways scroll. */
function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out: string[] = [];
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > limit + 0.5;
    for (const element of document.body.querySelectorAll("*")) {
      if (!sticksOut(element)) continue;
      const parent = element.parentElement;
      const escapes = ["absolute", "fixed"].includes(getComputedStyle(element).position);
      if (!escapes && parent && parent !== document.body && sticksOut(parent)) continue;
      const id = element.getAttribute("data-testid") ?? element.id;
      out.push(
        `${element.tagName.toLowerCase()}${id ? `#${id}` : ""}.${[...element.classList].join(".")} (${Math.round(element.getBoundingClientRect().right)} px)`,
      );
    }
    return out.slice(0, 8).join(", ");
  });
}
