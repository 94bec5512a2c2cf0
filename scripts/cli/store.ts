// `store list|create|archive`: the memory stores of the default workspace.
import { archiveStore } from "@/server/stores/archive-store";
import { createStore } from "@/server/stores/create-store";
import { listStores } from "@/server/stores/list-stores";
import { toWireStore } from "@/server/memory/serialize";
import { required, UsageError, type Command } from "./command";
import { resolveStore } from "./resolve";

type WireStore = ReturnType<typeof toWireStore>;
const line = (s: WireStore) => `${s.id}  ${s.name}${s.archived_at ? "  (archived)" : ""}`;

export const storeList: Command = {
  usage: "store list [--archived] [--json]      list stores, newest first (--archived: archived ones too)",
  options: { archived: { type: "boolean" } },
  async run({ values, out, ctx }) {
    const context = await ctx();
    const stores: WireStore[] = [];
    let page: string | undefined;
    do {
      const result = await listStores(context, { limit: 100, page, includeArchived: Boolean(values.archived) });
      stores.push(...result.data);
      page = result.next_page ?? undefined;
    } while (page);
    out.print(stores, () => (stores.length ? stores.map(line).join("\n") : "No stores."));
    return 0;
  },
};

export const storeCreate: Command = {
  usage: "store create --name NAME [--description TEXT] [--json]   create a store; prints its id",
  options: { name: { type: "string" }, description: { type: "string" } },
  async run({ values, out, ctx }) {
    const store = toWireStore(await createStore(await ctx(), { name: required(values, "name"), description: values.description }));
    out.print(store, () => store.id);
    return 0;
  },
};

export const storeArchive: Command = {
  usage: "store archive STORE [--json]          archive a store (id or name): read-only from now on",
  async run({ positionals, out, ctx }) {
    if (positionals.length !== 1) throw new UsageError("store archive needs exactly one STORE (id or name)");
    const context = await ctx();
    const store = toWireStore(await archiveStore(context, (await resolveStore(context, positionals[0])).id));
    out.print(store, () => `Archived ${store.name} (${store.id}) at ${store.archived_at}`);
    return 0;
  },
};
