// Where a session's attached memory store is mounted: /mnt/memory/<store-name-slug>, as Managed
// Agents derives it from the store's name. Pure, so the console can show it too.

export const MOUNT_ROOT = "/mnt/memory";

/** `Customer Notes (EU)` → `customer-notes-eu`; a name with no letters or digits falls back to `store`. */
export function storeNameSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || "store";
}

/** The mount path for `name`, suffixed `-2`, `-3`, … when another store of the session already has it. */
export function mountPathFor(name: string, taken: ReadonlySet<string>): string {
  const base = `${MOUNT_ROOT}/${storeNameSlug(name)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
