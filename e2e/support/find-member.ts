import { expect, type Page } from "@playwright/test";

/**
 * Finds a member on the Admin page with "Find a member" and returns their row (members are listed
 * oldest first, a page at a time, and every spec adds some). A fill that lands before the page has
 * hydrated is lost (React never sees the input), so it fills again until the row shows.
 */
export async function findMember(page: Page, email: string) {
  const search = page.getByLabel("Find a member");
  const row = page.getByTestId("member-row").filter({ hasText: email });
  await expect(async () => {
    await search.fill("");
    await search.fill(email);
    await expect(row).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  return row;
}
