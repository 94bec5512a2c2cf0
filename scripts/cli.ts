// Operators' command line: `npm run cli -- <command>`. Prints results on stdout, problems on stderr.
import { config } from "@/server/config";
import { migrate } from "@/server/db/migrate";
import { closeDb } from "@/server/db/client";

const usage = `Usage: npm run cli -- <command>

  migrate                                   apply database migrations (DATABASE_URL)
  seed                                      load the demo workspace (idempotent)
  api-key create --name NAME --admin        create an admin key; prints only the key
  api-key create --name NAME --agent AGENT [--store STORE --access read_only|read_write]
  audit verify [--checkpoint FILE [--public-key PEM]]  check the audit hash chain (and a signed checkpoint)
  audit checkpoint [--workspace ID]         print a signed (Ed25519) checkpoint of the chain head
  export --store STORE --out FILE [--history]   export a store as .tar.gz (progress on stderr)
  import --dir DIR --name NAME              create a store from a directory of memory files
  import --file ARCHIVE.tar.gz [--name NAME]    create a store from an export
  mount --store STORE --dir DIR [--read-only] [--session SESSION_ID] [--interval SECONDS]
                                            two-way sync of a store with a directory (ENGRAM_URL, ENGRAM_API_KEY)
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  switch (command) {
    case "migrate": {
      const result = await migrate(config.databaseUrl);
      console.error(result.applied.length ? `Applied ${result.applied.join(", ")}` : "Database is up to date.");
      return 0;
    }
    case "seed": {
      const { seedDemo } = await import("@/server/seed/seed-demo");
      await migrate(config.databaseUrl);
      const summary = await seedDemo();
      console.error(summary);
      return 0;
    }
    case "api-key":
      if (sub === "create") return (await import("./cli/api-key-create")).apiKeyCreate(argv.slice(2));
      break;
    case "mount":
      return (await import("./cli/mount")).mount(argv.slice(1));
    case "export":
      return (await import("./cli/export")).exportCommand(argv.slice(1));
    case "import":
      return (await import("./cli/import")).importCommand(argv.slice(1));
    case "audit":
      if (sub === "verify") return (await import("./cli/audit-verify")).auditVerify(argv.slice(2));
      if (sub === "checkpoint") return (await import("./cli/audit-checkpoint")).auditCheckpoint(argv.slice(2));
      break;
  }
  console.error(usage);
  return command ? 2 : 0;
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
