import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

// Issue 16, the console bench's 10,000-version file history: the History tab arrives with its first
// page of versions, the version shown and its changes in the HTML (no wait for scripts, then the list,
// then the version), and the browser does not ask for them again.
test("a long file history is server-rendered with its first versions and the head's changes, and pages the rest", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  const file = await api.create("/history/long.md", "line 0\n");
  const versions = [file.memory_version_id];
  // 130 versions: more than the history's first page (100).
  for (let i = 1; i < 130; i++) versions.push((await api.update(file.id, `line ${i}\n`)).memory_version_id);
  const head = versions.at(-1)!;
  await signIn(page, fixture);
  const url = `/stores/${fixture.storeId}?file=${file.id}&tab=history`;

  // The HTML itself (no script run) holds the list's first rows, the head's view and what it changed.
  // The file pane as the server rendered it (not the data for the scripts, which follows the markup);
  // React separates adjacent texts with a comment in server HTML.
  const htmlOf = async (path: string) => {
    const html = await (await page.request.get(path)).text();
    return html.slice(html.indexOf(`aria-label="File"`), html.indexOf("</main>")).replaceAll("<!-- -->", "");
  };
  const html = await htmlOf(url);
  expect(html).toContain(`data-version-id="${head}"`);
  expect(html).toContain(`data-version-id="${versions[125]}"`);
  expect(html).toContain(`data-testid="version-view"`);
  expect(html).toContain("100 versions+");
  expect(html).toContain(`data-kind="add">+line 129`);
  expect(html).toContain(`data-kind="del">-line 128`);
  // A chosen version is rendered the same way.
  const chosen = await htmlOf(`${url}&version=${versions[100]}`);
  expect(chosen).toContain(`data-kind="add">+line 100`);
  expect(chosen).toContain(`data-kind="del">-line 99`);
  // So are two versions compared: their labels and the diff's counts (the side-by-side editor loads in the browser).
  const compared = await htmlOf(`${url}&from=${versions[0]}&to=${head}`);
  expect(compared).toContain(`data-testid="version-compare"`);
  expect(compared).toMatch(/data-testid="diff-stats">.*\+1.*−1/);

  // In the browser, the queries start from those answers: no second request for any of them.
  const asked: string[] = [];
  page.on("request", (req) => {
    if (req.url().includes("/memory_versions") || req.url().includes("/diff")) asked.push(req.url());
  });
  await page.goto(url);
  const list = page.getByTestId("history-list");
  await expect(page.getByTestId("version-changes").locator("[data-kind=add]")).toHaveText(["+line 129"]);
  await expect(list.getByRole("listitem").first()).toHaveAttribute("data-version-id", head);
  // The tree loads in the browser: once it shows, the page's first queries have all been sent.
  await expect(page.getByTestId("file-tree").getByRole("treeitem", { name: /long\.md/ })).toBeVisible();
  expect(asked.filter((u) => u.includes(`memory_id=${file.id}`) || u.includes(`/memory_versions/${head}`) || u.includes("/diff"))).toEqual([]);

  // The rest of the history arrives as the list scrolls.
  await list.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.getByText(/^130 versions · /)).toBeVisible();
});
