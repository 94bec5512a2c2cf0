import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

// Issue 16 "Full-text search across current files": highlighted matches, each linked to the file
// at its line (the editor opens there), pages, empty and error states.
test("full-text search highlights matches, opens the file at the line, pages, and says when nothing matched or the query is bad", async ({
  page,
  request,
  fixture,
  baseURL,
}) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  const word = `quokka${tag}`;
  const api = agentApi(request, fixture);
  const target = await api.create(`/search/${tag}/target.md`, `first line\nsecond line\nthe ${word} lives here\nlast\n`);
  for (let i = 0; i < 24; i++) await api.create(`/search/${tag}/more-${i}.md`, `${word} number ${i}\n`);

  await signIn(page, fixture);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search$/);
  const field = page.getByRole("searchbox", { name: "Search current files" });
  await field.fill(word);
  await field.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}`));
  const results = page.getByTestId("search-result");
  await expect(results).toHaveCount(20);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(results).toHaveCount(25);

  const hit = results.filter({ hasText: `/search/${tag}/target.md` });
  await expect(hit.locator("mark")).toHaveText(word);
  await expect(hit).toContainText("line 3");
  await expect(hit).toContainText(fixture.storeName);
  await hit.getByRole("link").first().click();
  await expect(page).toHaveURL(`${baseURL}/stores/${fixture.storeId}?file=${target.id}&line=3`);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-cursor-line", "3");

  // Back to the results (as far as they were loaded), then a query that matches nothing, then one the API refuses.
  await page.goBack();
  await expect(results).toHaveCount(25);
  await field.fill(`nomatch${tag}zz`);
  await field.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "No file matches" })).toBeVisible();
  await field.fill("!!!");
  await field.press("Enter");
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "Search failed" })).toContainText("at least one letter or digit");
});
