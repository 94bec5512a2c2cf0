import { expect, type Locator } from "@playwright/test";

/**
 * Types `text` into a filter field until `target` shows, and returns it. A fill that lands before
 * the page has hydrated is lost (React never sees the input), so it fills again.
 */
export async function fillUntilShown(field: Locator, text: string, target: Locator): Promise<Locator> {
  await expect(async () => {
    await field.fill("");
    await field.fill(text);
    await expect(target).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  return target;
}
