import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { exportStore } from "@/server/transfer/export-store";
import { resolveStore } from "./resolve";
import { systemContext } from "./system-context";

/** `export --store STORE --out FILE [--history]`: writes the .tar.gz, progress on stderr. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { store: { type: "string" }, out: { type: "string" }, history: { type: "boolean" }, json: { type: "boolean" } },
  });
  if (!values.store || !values.out) {
    console.error("export needs --store STORE (id or name) and --out FILE");
    return 2;
  }
  const ctx = await systemContext();
  const store = await resolveStore(ctx, values.store);
  const out = await exportStore(ctx, store.id, {
    history: values.history ?? false,
    onProgress: (p) => process.stderr.write(`\r${p.phase}: ${p.done}/${p.total}   `),
  });
  await pipeline(out.stream, createWriteStream(values.out));
  process.stderr.write(`\nExported ${store.name} (${store.id}) to ${values.out}\n`);
  if (values.json) console.log(JSON.stringify({ memory_store_id: store.id, name: store.name, out: values.out, history: values.history ?? false }));
  return 0;
}
