// Gives every integration run its own fresh database: a new SQLite file, or, with
// ENGRAM_TEST_DB=postgresql, a new database on TEST_DATABASE_URL_PG's server. Files then
// isolate themselves further by creating their own workspace (test/integration/helpers/fixtures.ts).
import { migrate } from "../../server/db/migrate";
import { freshDatabase } from "./helpers/fresh-database";

export default async function setup() {
  // Every answer of every test server (in-process and spawned) is checked against its route's schema.
  process.env.ENGRAM_VALIDATE_RESPONSES = "1";
  const database = await freshDatabase("engram-test");
  process.env.DATABASE_URL = database.url;
  if (database.dir) process.env.ENGRAM_TEST_DIR = database.dir;
  await migrate(database.url);
  return database.drop;
}
