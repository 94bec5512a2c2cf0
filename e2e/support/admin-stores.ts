import type { Page } from "@playwright/test";
import { fillUntilShown } from "./fill-until-shown";

/**
 * The Admin page's "Stores and access" shows a window of stores and of agents (every spec adds
 * some): these find one with "Find a store" and "Find an agent".
 */
export function storeRow(page: Page, storeName: string) {
  return fillUntilShown(page.getByLabel("Find a store"), storeName, page.getByTestId("store-row").filter({ hasText: storeName }));
}

/** The grant matrix's cell of an agent ("All agents" for the store-wide grant) on a store. */
export async function grantCell(page: Page, agentName: string, storeName: string) {
  if (agentName !== "All agents")
    await fillUntilShown(page.getByLabel("Find an agent"), agentName, page.getByRole("rowheader", { name: agentName, exact: true }));
  return fillUntilShown(page.getByLabel("Find a store"), storeName, page.getByLabel(`Access of ${agentName} on ${storeName}`, { exact: true }));
}
