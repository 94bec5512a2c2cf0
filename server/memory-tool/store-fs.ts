import "server-only";
import type { MemoryToolFile, MemoryToolFs } from "@/lib/memory-tool/fs";
import type { RequestContext } from "../auth/principal";
import { config } from "../config";
import type { TxContext } from "../db/transaction";
import type { Memory } from "../db/generated/sqlite/client";
import { ApiError } from "../http/api-error";
import { commitVersion } from "../memory/commit-version";
import { requireContent } from "../memory/memory-limits";
import { assertPathFree } from "../memory/path-conflict";

/** A storage rule the tool reports as its own error text (the transaction is rolled back). */
export class MemoryToolRejection extends Error {}

/**
 * The memory tool's filesystem over one store, inside the caller's transaction: every read sees
 * the head as of the workspace lock, and every change is a version through commitVersion.
 */
export class StoreMemoryToolFs implements MemoryToolFs {
  /** Files the command read, by store path, so a view can be recorded as a read. */
  readonly readFiles = new Map<string, Memory>();

  constructor(
    private readonly t: TxContext,
    private readonly ctx: RequestContext,
    private readonly storeId: string,
  ) {}

  async list(prefix: string): Promise<MemoryToolFile[]> {
    const range = prefix === "/" ? { not: null } : { gte: prefix, lt: prefix.slice(0, -1) + "0" };
    const rows = await this.t.tx.memory.findMany({
      where: { storeId: this.storeId, livePath: range },
      select: { path: true, sizeBytes: true },
      orderBy: { livePath: "asc" },
    });
    return rows.map((row) => ({ path: row.path, sizeBytes: row.sizeBytes }));
  }

  async read(path: string): Promise<{ content: string } | null> {
    const memory = await this.live(path);
    if (memory) this.readFiles.set(path, memory);
    return memory ? { content: memory.content } : null;
  }

  async create(path: string, content: string): Promise<void> {
    await guard(async () => {
      requireContent(content);
      await assertPathFree(this.t.tx, this.storeId, path, null);
      const live = await this.t.tx.memory.count({ where: { storeId: this.storeId, livePath: { not: null } } });
      if (live >= config.maxMemoriesPerStore) {
        throw new ApiError("invalid_request_error", `Memory store ${this.storeId} already holds the maximum of ${config.maxMemoriesPerStore} memories.`);
      }
    });
    await commitVersion(this.t, this.ctx, { storeId: this.storeId, memory: null, operation: "created", cause: "memory_tool", content, path });
  }

  async update(path: string, content: string): Promise<void> {
    const memory = await this.require(path);
    if (memory.content === content) return;
    await guard(async () => requireContent(content));
    await commitVersion(this.t, this.ctx, { storeId: this.storeId, memory, operation: "modified", cause: "memory_tool", content, path });
  }

  async remove(path: string): Promise<void> {
    const memory = await this.require(path);
    await commitVersion(this.t, this.ctx, { storeId: this.storeId, memory, operation: "deleted", cause: "memory_tool", content: "", path });
  }

  async rename(from: string, to: string): Promise<void> {
    const memory = await this.require(from);
    await guard(() => assertPathFree(this.t.tx, this.storeId, to, memory.id));
    await commitVersion(this.t, this.ctx, { storeId: this.storeId, memory, operation: "modified", cause: "memory_tool", content: memory.content, path: to });
  }

  private live(path: string) {
    return this.t.tx.memory.findFirst({ where: { storeId: this.storeId, livePath: path } });
  }

  private async require(path: string): Promise<Memory> {
    const memory = await this.live(path);
    // The executor checks existence first; reaching this means the head moved under the lock.
    if (!memory) throw new Error(`memory tool: ${path} vanished inside its transaction`);
    return memory;
  }
}

async function guard(check: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof ApiError) throw new MemoryToolRejection(error.message);
    throw error;
  }
}
