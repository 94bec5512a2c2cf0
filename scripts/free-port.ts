// A free TCP port on 127.0.0.1 for a server that must be told its port before it starts (the
// Playwright web server and its OIDC provider, a metrics port, a PostgreSQL a test starts). It lies below
// the kernel's ephemeral range, so no `listen(0)` and no outgoing connection of a test running
// beside can be handed it between this check and the server's bind; a port picked with
// `listen(0)` could (seen in CI: another lane's server answered this lane's requests).
// Run as a script, it prints the port (playwright.config.ts, which cannot wait for a promise).
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { pathToFileURL } from "node:url";

const LOWEST = 10_000;

/** The first port of the kernel's ephemeral range (Linux; 32768, its default, elsewhere). */
export function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port found between ${LOWEST} and ${below}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await freePort());
