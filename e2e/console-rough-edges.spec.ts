import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

test("404s say what was missing, keep the app shell and offer a way back", async ({ page, fixture }) => {
  await signIn(page, fixture);
  const unknown = await page.goto("/no-such-page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("not-found")).toContainText("/no-such-page");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  const store = await page.goto("/stores/memstore_01NOSUCHSTORE0000000000000");
  expect(store?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Store not found" })).toBeVisible();
  await expect(page.getByTestId("not-found")).toContainText("memstore_01NOSUCHSTORE0000000000000");
  await page.getByTestId("not-found").getByRole("link", { name: "All stores" }).click();
  await expect(page).toHaveURL(/\/stores$/);
});

test("an unknown file id in a store says so instead of an empty history", async ({ page, fixture }) => {
  await signIn(page, fixture);
  const asked: string[] = [];
  page.on("request", (request) => request.url().includes("/memories/mem_01NOSUCHFILE") && asked.push(request.url()));
  await page.goto(`/stores/${fixture.storeId}?file=mem_01NOSUCHFILE00000000000000`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not found");
  // A 404 is an answer, not a failure to retry: it shows at once, after one request.
  expect(asked).toHaveLength(1);
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not found");
  await expect(page.getByText("0 versions")).toHaveCount(0);
});

test("/favicon.ico is served and a skip link leads to the content", async ({ page, request, fixture }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image/);
  await signIn(page, fixture);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("the file tree moves with the arrow keys and opens and closes folders", async ({ page, request, fixture }) => {
  const api = agentApi(request, fixture);
  await api.create("/keys/a.md", "a\n");
  await api.create("/keys/b.md", "b\n");
  await signIn(page, fixture);
  await page.goto(`/stores/${fixture.storeId}`);
  const tree = page.getByTestId("file-tree");
  const folder = tree.getByRole("treeitem", { name: /^keys\// });
  await folder.focus();
  await page.keyboard.press("ArrowDown");
  await expect(tree.getByRole("treeitem", { name: /a\.md/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(tree.getByRole("treeitem", { name: /b\.md/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("file-path")).toHaveText("/keys/b.md");
  // Left goes to the parent folder, Left again closes it, Right opens it.
  await tree.getByRole("treeitem", { name: /b\.md/ }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(folder).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(folder).toHaveAttribute("aria-expanded", "false");
  await expect(tree.getByRole("treeitem", { name: /a\.md/ })).toHaveCount(0);
  await page.keyboard.press("ArrowRight");
  await expect(folder).toHaveAttribute("aria-expanded", "true");
});
