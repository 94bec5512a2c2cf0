import type { Page } from "@playwright/test";
import { fillUntilShown } from "./fill-until-shown";

/** A member's row on the Admin page, found with "Find a member" (members are listed a page at a time, and every spec adds some). */
export function findMember(page: Page, email: string) {
  return fillUntilShown(page.getByLabel("Find a member"), email, page.getByTestId("member-row").filter({ hasText: email }));
}
