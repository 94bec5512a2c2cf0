// The seed of a randomized test file: SEED when set, else a new one.
// It is logged at once, with the command that replays the file on this database with it.
import path from "node:path";

/** `file`: the test file's import.meta.filename. */
export function testSeed(file: string): number {
  const given = process.env.SEED;
  const seed = given === undefined ? Date.now() % 1_000_000_000 : Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`SEED must be a whole number, not ${given}`);
  const database = process.env.ENGRAM_TEST_DB ?? "sqlite";
  const name = path.basename(file);
  console.log(`[${name} ${database}] seed ${seed}; replay: SEED=${seed} ENGRAM_TEST_DB=${database} npm run test:integration -- ${name}`);
  return seed;
}
