// Iterating on the developer specs against an already running `next dev`:
//   E2E_PORT=3917 E2E_DATABASE_URL=file:/tmp/x/engram.db npx playwright test -c e2e/helpers/playwright.dev.config.ts developer-
// (the database must be migrated and seeded with the demo, e.g. `npm run db:seed`).
import base from "../../playwright.config";

export default { ...base, testDir: "..", webServer: undefined };
