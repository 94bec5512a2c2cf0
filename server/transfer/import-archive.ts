import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { importStore } from "./import-store";
import { readArchive } from "./read-archive";

/** API entry: authorize before touching the upload, then read and import it. */
export async function importArchive(ctx: RequestContext, archive: Buffer, options: { name?: string }) {
  authorize(ctx, "import:create");
  return importStore(ctx, await readArchive(archive), options);
}
