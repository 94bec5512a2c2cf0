// The test harness itself: a spawned server is ready only once it says which port it listens on.
// It used to be handed a port picked beforehand and be called ready when anything answered there;
// a server of the other test lane that took the port in between then answered this lane's
// requests from its own database (seen in CI: "401 invalid x-api-key" for a key just created).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { ephemeralRangeStart } from "../../scripts/free-port";
import { freePort, spawnApiServer } from "./helpers/spawn-server";

let decoy: Server;
afterAll(() => new Promise<void>((resolve) => (decoy ? decoy.close(() => resolve()) : resolve())));

describe("spawnApiServer", () => {
  it("is not ready because another server answers on its port", async () => {
    // Another server on the port, answering the readiness probe as Engram would.
    decoy = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    await new Promise<void>((resolve) => decoy.listen(0, "127.0.0.1", () => resolve()));
    const taken = (decoy.address() as AddressInfo).port;
    await expect(spawnApiServer({ port: taken, timeoutMs: 60_000 })).rejects.toThrow(/exited before it listened/);
  });

  it("without a port, listens where the server chose", async () => {
    const server = await spawnApiServer();
    try {
      expect(server.port).toBeGreaterThan(0);
      const response = await fetch(`${server.origin}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
    } finally {
      await server.kill();
    }
  });

  it("hands out chosen ports below the ephemeral range, where no listen(0) of a test beside can take them", async () => {
    const below = ephemeralRangeStart();
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      expect(port).toBeLessThan(below);
      // Free when handed out: a server can bind it.
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
