import "server-only";
import { errorSummary } from "../http/error-summary";
import type { RequestContext } from "../auth/principal";
import { subscribe, type MemoryEvent } from "./event-bus";
import { eventVisibility, type EventFilter } from "./event-filter";
import { ensureRelay } from "./pg-relay";
import { replayEvents } from "./replay-events";
import { sseFrame } from "./wire-event";

export type EventStreamOptions = EventFilter & {
  /** Resume after this seq (Last-Event-ID): replay from the audit log, then go live. */
  lastEventId?: number;
  heartbeatMs?: number;
  signal?: AbortSignal;
};

const encoder = new TextEncoder();

/**
 * A Server-Sent Events response of the memory events the caller may see. It subscribes to the
 * bus before replaying, holds live events back until the replay is done, and sends each seq at
 * most once and in increasing order, so a resumed client gets no gap and no duplicate.
 */
export async function openEventStream(ctx: RequestContext, options: EventStreamOptions): Promise<Response> {
  const visible = await eventVisibility(ctx, options);
  await ensureRelay();
  const workspaceId = ctx.principal.workspaceId;
  let lastSent = options.lastEventId ?? 0;
  let replaying = options.lastEventId !== undefined;
  const held: MemoryEvent[] = [];
  let chain = Promise.resolve();
  let close = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const send = async (event: MemoryEvent) => {
        if (event.seq <= lastSent || !(await visible(event))) return;
        lastSent = event.seq;
        write(sseFrame(event, ctx.requestId));
      };
      // One event at a time: visibility checks are async and must not reorder the stream.
      const enqueue = (task: () => Promise<void>) => {
        chain = chain.then(task).catch((error) => {
          console.error(`engram events: stream failed: ${errorSummary(error)}`);
          close();
        });
      };
      const unsubscribe = subscribe((event) => {
        if (event.workspaceId !== workspaceId) return;
        if (replaying) held.push(event);
        else enqueue(() => send(event));
      });
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? 15_000);
      close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      options.signal?.addEventListener("abort", close);
      write("retry: 3000\n: connected\n\n");
      if (!replaying) return;
      enqueue(async () => {
        for (let more = true; more && !closed;) {
          const page = await replayEvents(workspaceId, options, lastSent);
          for (const event of page.events) await send(event);
          more = page.more;
        }
        replaying = false;
        held.sort((a, b) => a.seq - b.seq);
        for (const event of held.splice(0)) await send(event);
      });
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
