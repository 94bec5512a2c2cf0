// Path rules under concurrency: a file and a directory of the same name cannot both exist (`/a` and
// `/a/b`), also when two writers create or rename them at the same moment. Exact duplicates are
// refused by the unique live-path index; overlapping paths have no index to do it, so the write
// path must order the writers that check paths within a store (issue 14: writers of different
// stores still never wait for one another).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

const ROUNDS = 25;
let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("path races");
});
afterAll(() => api?.close());

const overlapping = (paths: string[]) => paths.filter((a) => paths.some((b) => b !== a && b.startsWith(`${a}/`)));

async function livePaths(storeId: string): Promise<string[]> {
  const listed = await rest(api.origin, tenant.adminKey, "GET", `/memory_stores/${storeId}/memories?limit=100`);
  return (listed.body as { data: { path: string }[] }).data.map((m) => m.path);
}

describe("overlapping paths written at the same moment", () => {
  it(`a file and a file below it, created at once: one wins, the other gets 409 (${ROUNDS} rounds)`, async () => {
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const store = (await rest(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: `race ${round}` })).body;
      const create = (path: string) => rest(api.origin, tenant.adminKey, "POST", `/memory_stores/${store.id}/memories`, { path, content: path });
      const answers = await Promise.all([create("/a"), create("/a/b"), create("/a/b/c")]);
      const statuses = answers.map((a) => a.status).sort();
      const paths = await livePaths(store.id);
      if (overlapping(paths).length > 0) problems.push(`round ${round}: both a file and a file below it exist: ${paths.join(", ")} (${statuses.join(", ")})`);
      if (statuses.filter((s) => s === 200).length !== 1 || statuses.some((s) => s !== 200 && s !== 409))
        problems.push(`round ${round}: answers ${statuses.join(", ")}`);
    }
    expect(problems).toEqual([]);
  });

  it(`a rename onto a directory while a file is created inside it: never both (${ROUNDS} rounds)`, async () => {
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const store = (await rest(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: `rename race ${round}` })).body;
      const base = `/memory_stores/${store.id}/memories`;
      const moving = (await rest(api.origin, tenant.adminKey, "POST", base, { path: "/moving.md", content: "m" })).body;
      await Promise.all([
        rest(api.origin, tenant.adminKey, "POST", `${base}/${moving.id}`, { path: "/dir" }),
        rest(api.origin, tenant.adminKey, "POST", base, { path: "/dir/inside.md", content: "i" }),
      ]);
      const paths = await livePaths(store.id);
      if (overlapping(paths).length > 0) problems.push(`round ${round}: ${paths.join(", ")}`);
    }
    expect(problems).toEqual([]);
  });
});
