// A webhook receiver on 127.0.0.1 for tests: records every request and answers with the status
// its `answer` function picks (200 unless told otherwise).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; status: number; at: number };

export type Receiver = {
  url: (path: string) => string;
  received: Received[];
  /** Picks the answer per request; replace it at any time. */
  answer: (request: { path: string; webhookId: string; seen: number }) => number;
  /** Resolves once `predicate` holds over what was received (checked after each request), or rejects after `timeoutMs`. */
  until: (predicate: (received: Received[]) => boolean, timeoutMs?: number, what?: string) => Promise<void>;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const waiters = new Set<() => void>();
  const receiver: Receiver = {
    url: () => "",
    received: [],
    answer: () => 200,
    until: (predicate, timeoutMs = 30_000, what = "webhook deliveries") =>
      new Promise<void>((resolve, reject) => {
        if (predicate(receiver.received)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${receiver.received.length}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(receiver.received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const webhookId = String(req.headers["webhook-id"] ?? "");
      const seen = receiver.received.filter((r) => r.path === path && r.headers["webhook-id"] === webhookId).length;
      const status = receiver.answer({ path, webhookId, seen });
      receiver.received.push({ path, headers: req.headers, body, status, at: Date.now() });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = (path) => `http://127.0.0.1:${port}${path}`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
