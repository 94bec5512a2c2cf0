import "server-only";
import pg from "pg";
import { config, isPostgresUrl } from "../config";
import type { TxContext } from "../db/transaction";
import { deliver, setRelayActive, type MemoryEvent } from "./event-bus";

const CHANNEL = "engram_events";
const RECONNECT_MS = 1_000;

/**
 * Announces a change to every Engram instance. Sent inside the change's transaction, so
 * PostgreSQL delivers it only if it commits, and in commit order (which is seq order per
 * workspace, the workspace lock being held until commit).
 */
export async function notifyInTransaction(t: TxContext, event: MemoryEvent): Promise<void> {
  if (t.dialect !== "postgresql") return;
  await t.tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(event)})`;
}

type Relay = { client: pg.Client | null; ready: Promise<void> | null; stopped: boolean };
const globalForRelay = globalThis as unknown as { engramRelay?: Relay };
const relay = (globalForRelay.engramRelay ??= { client: null, ready: null, stopped: false });

/**
 * Starts (once per process) a dedicated connection that LISTENs and feeds the local bus.
 * Resolves once listening; SQLite needs no relay, one process owns the database.
 */
export function ensureRelay(url = config.databaseUrl): Promise<void> {
  if (!isPostgresUrl(url)) return Promise.resolve();
  relay.stopped = false;
  return (relay.ready ??= connect(url));
}

async function connect(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("notification", (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    try {
      deliver(JSON.parse(message.payload) as MemoryEvent);
    } catch (error) {
      console.error("engram relay: unreadable notification", error);
    }
  });
  const lost = () => {
    if (relay.client !== client) return;
    setRelayActive(false);
    relay.client = null;
    relay.ready = null;
    if (!relay.stopped) setTimeout(() => void ensureRelay(url).catch(() => undefined), RECONNECT_MS).unref();
  };
  client.on("error", (error) => {
    console.error("engram relay: connection error", error.message);
    lost();
  });
  client.on("end", lost);
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  } catch (error) {
    relay.ready = null;
    await client.end().catch(() => undefined);
    throw error;
  }
  relay.client = client;
  setRelayActive(true);
}

export async function stopRelay(): Promise<void> {
  relay.stopped = true;
  const client = relay.client;
  relay.client = null;
  relay.ready = null;
  setRelayActive(false);
  await client?.end().catch(() => undefined);
}
