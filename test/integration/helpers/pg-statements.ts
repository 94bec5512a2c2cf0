// The statements sent by any pg client of this process while `fn` runs (the write path's pool and
// Prisma's adapter alike): pg.Client's query, counted and passed through to the real database.
import pg from "pg";

export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[]; values: unknown[][]; sentAt: number[] }> {
  const statements: string[] = [];
  const values: unknown[][] = []; // the parameters of each
  const sentAt: number[] = []; // performance.now() of each
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === "string" ? first : (first.text ?? ""));
    values.push((typeof first === "string" ? (args[1] as unknown[] | undefined) : (first as { values?: unknown[] }).values) ?? []);
    sentAt.push(performance.now());
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await fn(), statements, values, sentAt };
  } finally {
    pg.Client.prototype.query = query;
  }
}
