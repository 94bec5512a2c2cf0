import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { importStore } from "./import-store";
import { readArchive } from "./read-archive";

/** API entry: authorize before touching the upload, then read and import it. */
export async function importArchive(ctx: RequestContext, archive: Buffer, options: { name?: string }) {
  // An import creates a store, so it needs what POST /memory_stores needs as well (issue 13 finding 9).
  authorize(ctx, "import:create");
  authorize(ctx, "stores:manage");
  return importStore(ctx, await readArchive(archive), options);
}
