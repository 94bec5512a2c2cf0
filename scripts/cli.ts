// Operators' command line: `npm run cli -- <command>`. Prints results on stdout (JSON with --json),
// problems on stderr; every command answers --help. Commands call the domain layer, as the API does.
import { config } from "@/server/config";
import { migrate } from "@/server/db/migrate";
import { closeDb } from "@/server/db/client";
import { runCommand, type Command } from "./cli/command";

const legacyUsage: Record<string, string> = {
  "api-key create": `api-key create --name NAME (--admin | --agent AGENT [--store STORE --access read_only|read_write]) [--json]
        create an API key; prints only the key (--json: the key's record with it)`,
  "audit verify": "audit verify [--workspace ID] [--checkpoint FILE [--public-key PEM] [--allow-untrusted]] [--json]   check the audit hash chain",
  "audit checkpoint": "audit checkpoint [--workspace ID] [--json]   print a signed (Ed25519) checkpoint of the chain head (always JSON)",
  "redaction verify": "redaction verify FILE [--public-key PEM] [--json]   check a downloaded redaction certificate offline",
  export: "export --store STORE --out FILE [--history] [--json]   export a store as .tar.gz (progress on stderr)",
  import: "import (--dir DIR --name NAME | --file ARCHIVE.tar.gz [--name NAME]) [--json]   create a store from files or an export",
  mount: `mount (--store STORE | --session SESSION_ID) --dir DIR [--read-only] [--session SESSION_ID] [--interval SECONDS] [--delete-delay SECONDS] [--flush-timeout SECONDS]
        two-way sync of a store with a directory (ENGRAM_URL, ENGRAM_API_KEY); reports are JSON lines; --session alone mounts every attached store in DIR/<name>`,
};

const databaseCommands: Record<string, Command> = {
  migrate: {
    usage: "migrate [--json]                      apply database migrations (DATABASE_URL)",
    async run({ out }) {
      const result = await migrate(config.databaseUrl);
      out.print({ applied: result.applied }, () => (result.applied.length ? `Applied ${result.applied.join(", ")}` : "Database is up to date."));
      return 0;
    },
  },
  seed: {
    usage: "seed [--json]                         load the demo workspace (idempotent)",
    async run({ out }) {
      const { seedDemo } = await import("@/server/seed/seed-demo");
      await migrate(config.databaseUrl);
      const summary = await seedDemo();
      out.print({ summary }, () => String(summary));
      return 0;
    },
  },
};

/** Commands in the Command shape (scripts/cli/command.ts), by their words. */
async function commands(): Promise<Record<string, Command>> {
  const { storeList, storeCreate, storeArchive } = await import("./cli/store");
  const { agentCreate } = await import("./cli/agent-create");
  const { grantSet } = await import("./cli/grant-set");
  const { webhookCreate, webhookList, webhookTest } = await import("./cli/webhook");
  const { retentionRun } = await import("./cli/retention-run");
  return {
    ...databaseCommands,
    "store list": storeList,
    "store create": storeCreate,
    "store archive": storeArchive,
    "agent create": agentCreate,
    "grant set": grantSet,
    "webhook create": webhookCreate,
    "webhook list": webhookList,
    "webhook test": webhookTest,
    "retention run": retentionRun,
  };
}

async function usage(): Promise<string> {
  const lines = [...Object.values(await commands()).map((c) => c.usage), ...Object.values(legacyUsage)];
  return `Usage: npm run cli -- <command> [--help] [--json]\n\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  const table = await commands();
  const two = `${command} ${sub}`;
  if (table[two]) return runCommand(table[two], argv.slice(2));
  if (table[command]) return runCommand(table[command], argv.slice(1));
  const legacy = legacyUsage[two] ? two : legacyUsage[command] ? command : null;
  const rest = argv.slice(legacy === two ? 2 : 1);
  if (legacy && (rest.includes("--help") || rest.includes("-h"))) {
    console.log(`Usage: npm run cli -- ${legacyUsage[legacy]}`);
    return 0;
  }
  switch (legacy) {
    case "api-key create":
      return (await import("./cli/api-key-create")).apiKeyCreate(rest);
    case "mount":
      return (await import("./cli/mount")).mount(rest);
    case "export":
      return (await import("./cli/export")).exportCommand(rest);
    case "import":
      return (await import("./cli/import")).importCommand(rest);
    case "redaction verify":
      return (await import("./cli/redaction-verify")).redactionVerify(rest);
    case "audit verify":
      return (await import("./cli/audit-verify")).auditVerify(rest);
    case "audit checkpoint":
      return (await import("./cli/audit-checkpoint")).auditCheckpoint(rest);
  }
  const help = command === undefined || command === "--help" || command === "-h" || command === "help";
  (help ? console.log : console.error)(await usage());
  return help ? 0 : 2;
}

main(process.argv.slice(2))
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
