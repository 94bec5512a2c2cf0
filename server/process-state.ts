import "server-only";

/**
 * Every piece of process-wide mutable state in server/ (database handles and pools, caches,
 * queues, limiters, timers, workers) lives in this one registry on globalThis. One process holds
 * two copies of server/ (the API under tsx, the pages inside Next's bundle): state kept in a
 * module would exist twice, and one copy would never see the other's writes. The lint rule
 * engram/no-module-state refuses module-level mutable state anywhere else in server/.
 */
const registry = ((globalThis as { engramProcessState?: Map<string, unknown> }).engramProcessState ??= new Map());

/** The process's one instance of the state called `name`, made by `init` on first use. */
export function processState<T>(name: string, init: () => T): T {
  if (!registry.has(name)) registry.set(name, init());
  return registry.get(name) as T;
}
