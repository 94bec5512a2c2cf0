import { runRetentionEverywhere } from "@/server/retention/retention-job";
import { UsageError, type Command } from "./command";

/** `npm run cli -- retention run --dry-run`: one retention run now (or at --now); removed text is scrubbed from the database files. */
export const retentionRun: Command = {
  usage: `retention run [--dry-run] [--workspace ID] [--store STORE] [--now ISO-TIME] [--json]
        remove (or with --dry-run list) the versions past their store's retention policy`,
  options: { "dry-run": { type: "boolean" }, workspace: { type: "string" }, store: { type: "string" }, now: { type: "string" } },
  async run({ values, out }) {
    const now = typeof values.now === "string" ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO time, got "${values.now}"`);
    const dryRun = values["dry-run"] === true;
    const result = await runRetentionEverywhere(now, {
      dryRun,
      workspaceId: typeof values.workspace === "string" ? values.workspace : undefined,
      storeId: typeof values.store === "string" ? values.store : undefined,
    });
    out.print(result.runs, () =>
      [
        ...result.runs.flatMap((run) =>
          run.stores.map(
            (s) =>
              `${s.memory_store_id}: ${dryRun ? "would remove" : "removed"} ${s.versions_removed} version(s) of ${s.memories_affected} memory(ies)${s.held.store ? " (store under legal hold)" : ""}`,
          ),
        ),
        `${dryRun ? "Would remove" : "Removed"} ${result.versionsRemoved} version(s) in ${result.runs.length} workspace(s).`,
      ].join("\n"),
    );
    return 0;
  },
};
