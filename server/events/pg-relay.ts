import "server-only";
import pg from "pg";
import { config, isPostgresUrl } from "../config";
import { bumpTable, setHearingOthers, TABLES_CHANNEL } from "../db/write-watch";
import { deliver, setRelayActive, type MemoryEvent } from "./event-bus";
import { replayEvents } from "./replay-events";
import { processState } from "../process-state";

export const EVENTS_CHANNEL = "engram_events";
const RECONNECT_MS = 1_000;

/** What the sealer announces: the workspace's events after `after` up to `upTo` are sealed. */
type SealedRange = { type: "sealed"; workspaceId: string; after: number; upTo: number };

async function deliverSealed(range: SealedRange): Promise<void> {
  for (let after = range.after; after < range.upTo;) {
    const page = await replayEvents(range.workspaceId, {}, after, range.upTo);
    for (const event of page.events) deliver(event);
    if (!page.more) break;
    after = page.events[page.events.length - 1].seq;
  }
}

type Relay = { client: pg.Client | null; ready: Promise<void> | null; stopped: boolean };
const relay = processState<Relay>("pg-relay", () => ({ client: null, ready: null, stopped: false }));

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
  // One sealed range at a time, in the order PostgreSQL delivers them (commit order).
  let queue = Promise.resolve();
  client.on("notification", (message) => {
    if (message.channel === TABLES_CHANNEL && message.payload) {
      for (const table of message.payload.split(",")) bumpTable(table);
      return;
    }
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    let note: MemoryEvent | SealedRange;
    try {
      note = JSON.parse(message.payload) as MemoryEvent | SealedRange;
    } catch (error) {
      console.error("engram relay: unreadable notification", error);
      return;
    }
    if (!("type" in note)) return deliver(note);
    queue = queue.then(() => deliverSealed(note as SealedRange)).catch((error) => console.error("engram relay: replay failed", (error as Error).message));
  });
  const lost = () => {
    if (relay.client !== client) return;
    setRelayActive(false);
    setHearingOthers(false);
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
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${TABLES_CHANNEL}`);
  } catch (error) {
    relay.ready = null;
    await client.end().catch(() => undefined);
    throw error;
  }
  relay.client = client;
  setRelayActive(true);
  setHearingOthers(true);
}

export async function stopRelay(): Promise<void> {
  relay.stopped = true;
  const client = relay.client;
  relay.client = null;
  relay.ready = null;
  setRelayActive(false);
  setHearingOthers(false);
  await client?.end().catch(() => undefined);
}
