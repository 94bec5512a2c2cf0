import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { importStore } from "@/server/transfer/import-store";
import { readArchive } from "@/server/transfer/read-archive";
import { readDirectory } from "@/server/transfer/read-directory";
import { systemContext } from "./system-context";

/** `import --dir DIR --name NAME` or `import --file ARCHIVE.tar.gz [--name NAME]`: creates a new store; prints its id. */
export async function importCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" }, file: { type: "string" }, name: { type: "string" }, json: { type: "boolean" } } });
  if (Boolean(values.dir) === Boolean(values.file) || (values.dir && !values.name)) {
    console.error("import needs --dir DIR --name NAME, or --file ARCHIVE [--name NAME]");
    return 2;
  }
  const ctx = await systemContext();
  if (values.dir && !statSync(values.dir).isDirectory()) {
    console.error(`${values.dir} is not a directory`);
    return 2;
  }
  const source = values.dir ? await readDirectory(values.dir) : await readArchive(readFileSync(values.file!));
  console.error(`Importing ${source.files.size} files${source.history ? ` and ${source.history.length} versions` : ""}…`);
  const result = await importStore(ctx, source, { name: values.name });
  console.error(`Created store ${result.store.name} with ${result.memories} memories (${result.versions} versions).`);
  console.log(
    values.json ? JSON.stringify({ id: result.store.id, name: result.store.name, memories: result.memories, versions: result.versions }) : result.store.id,
  );
  return 0;
}
