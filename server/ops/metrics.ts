import "server-only";
import { existsSync, statSync } from "node:fs";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { config } from "../config";
import { eventBus, subscribe } from "../events/event-bus";
import { ensureRelay } from "../events/pg-relay";
import { sqliteFilePath } from "../db/sqlite-file";
import { trackedPools } from "../db/pool-stats";
import { pendingDeliveries } from "../webhooks/queue-depth";
import { processState } from "../process-state";

/** Prometheus metrics, one registry per process (the API and Next's bundle share it: process state). */
function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    requests: new Counter({
      name: "engram_http_requests_total",
      help: "API requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    latency: new Histogram({
      name: "engram_http_request_duration_seconds",
      help: "API request latency by route pattern and method",
      labelNames: ["route", "method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    writes: new Counter({
      name: "engram_memory_writes_total",
      help: "Committed memory changes, by audit action",
      labelNames: ["action"],
      registers: [registry],
    }),
    preconditionConflicts: new Counter({
      name: "engram_precondition_conflicts_total",
      help: "Writes refused with 409 memory_precondition_failed_error",
      registers: [registry],
    }),
    webhookFailures: new Counter({ name: "engram_webhook_failures_total", help: "Failed webhook delivery attempts", registers: [registry] }),
  };
  new Gauge({
    name: "engram_webhook_queue_depth",
    help: "Webhook deliveries waiting to be sent (every instance's, from the database)",
    registers: [registry],
    async collect() {
      this.set(await pendingDeliveries());
    },
  });
  new Gauge({
    name: "engram_db_pool_connections",
    help: "PostgreSQL connection pools of this process (prisma, write): connections by state; waiting counts queued requests",
    labelNames: ["pool", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [pool, counts] of trackedPools()) {
        this.set({ pool, state: "total" }, counts.totalCount);
        this.set({ pool, state: "idle" }, counts.idleCount);
        this.set({ pool, state: "in_use" }, counts.totalCount - counts.idleCount);
        this.set({ pool, state: "waiting" }, counts.waitingCount);
      }
    },
  });
  new Gauge({
    name: "engram_live_event_listeners",
    help: "Live event listeners in this process (SSE streams and MCP sessions)",
    registers: [registry],
    collect() {
      this.set(eventBus.listenerCount("memory") - 1); // minus the writes counter's own listener
    },
  });
  new Gauge({
    name: "engram_sqlite_wal_bytes",
    help: "SQLite: size of the write-ahead log not yet checkpointed into the database file",
    registers: [registry],
    collect() {
      if (config.databaseUrl.startsWith("postgres")) return;
      const wal = `${sqliteFilePath(config.databaseUrl)}-wal`;
      this.set(existsSync(wal) ? statSync(wal).size : 0);
    },
  });
  subscribe((event) => metrics.writes.inc({ action: event.action }));
  // On PostgreSQL committed events arrive through the LISTEN relay; make sure it runs.
  if (config.databaseUrl.startsWith("postgres")) void ensureRelay().catch((error) => console.error("metrics: event relay failed", error));
  return metrics;
}

type Metrics = ReturnType<typeof build>;
export const metrics: Metrics = processState<Metrics>("metrics", () => build());
