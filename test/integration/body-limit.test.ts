// A body over the limit is answered 413 with the error envelope, never a connection reset: the server
// reads (drains) the rest of the body up to a bound before it closes the connection (issue 13, finding 14).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

// A server process of its own, as in production: in-process, the client and server share one event
// loop and the timing that loses the 413 (the server closing while the client still sends) rarely happens.
let api: SpawnedApi;
let tenant: TestTenant;
let storeId: string;

beforeAll(async () => {
  api = await spawnApiServer();
  tenant = await createTestTenant("body limit");
  storeId = (await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "big bodies" })).id;
});

afterAll(() => api?.kill());

describe("oversized bodies", () => {
  const body = JSON.stringify({ path: "/big.md", content: "x".repeat(5 * 1024 * 1024) });

  it("20 tries of a 5 MB memory POST all get 413, none a reset", { timeout: 120_000 }, async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const res = await fetch(`${api.origin}/api/v1/memory_stores/${storeId}/memories`, {
          method: "POST",
          headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
          body,
        });
        const json = (await res.json()) as { type: string; error: { type: string } };
        outcomes.push(`${res.status} ${json.error?.type}`);
      } catch (error) {
        outcomes.push(`${(error as Error).message} ${String((error as Error & { cause?: unknown }).cause)}`);
      }
    }
    expect(outcomes).toEqual(Array(20).fill("413 request_too_large"));
  });

  it("also when the body is sent chunked, without a Content-Length", { timeout: 120_000 }, async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const chunks = new Blob([body]).stream();
      try {
        const res = await fetch(`${api.origin}/api/v1/memory_stores/${storeId}/memories`, {
          method: "POST",
          headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
          body: chunks,
          duplex: "half",
        } as RequestInit);
        const json = (await res.json()) as { error: { type: string } };
        outcomes.push(`${res.status} ${json.error?.type}`);
      } catch (error) {
        outcomes.push(`${(error as Error).message} ${String((error as Error & { cause?: unknown }).cause)}`);
      }
    }
    expect(outcomes).toEqual(Array(5).fill("413 request_too_large"));
  });
});
