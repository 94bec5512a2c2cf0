import { describe, expect, it } from "vitest";
import { mountPathFor, storeNameSlug } from "./mount-path";

describe("mount paths of session attachments", () => {
  it("slugs a store name", () => {
    expect(storeNameSlug("Customer Notes (EU)")).toBe("customer-notes-eu");
    expect(storeNameSlug("Préférences utilisateur")).toBe("preferences-utilisateur");
    expect(storeNameSlug("***")).toBe("store");
  });
  it("suffixes a slug another attachment already took", () => {
    expect(mountPathFor("My store", new Set())).toBe("/mnt/memory/my-store");
    expect(mountPathFor("my-store", new Set(["/mnt/memory/my-store"]))).toBe("/mnt/memory/my-store-2");
  });
});
