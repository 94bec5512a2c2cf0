import "server-only";
import type { MemoryToolFile, MemoryToolFs } from "@/lib/memory-tool/fs";
import { writeModeAt } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import { mayRead, type StorePolicy } from "../auth/store-policy";
import type { Memory } from "../db/generated/sqlite/client";
import { ApiError } from "../http/api-error";
import { requireContent } from "../memory/memory-limits";
import { commitChange } from "../memory/write/commit-change";
import type { Change } from "../memory/write/plan-change";
import { pathFree, roomForOneMore } from "../memory/write/rule-steps";
import type { StepRunner } from "../memory/write/run-write";
import type { StoreState } from "../memory/write/write-store";
import type { ProposedChange } from "../proposals/record-proposals";

/** A storage rule the tool reports as its own error text (the transaction is rolled back). */
export class MemoryToolRejection extends Error {}

/**
 * The memory tool's filesystem over one store, inside the caller's write transaction: every read
 * sees the current head (rows locked on PostgreSQL), and every change goes through commitChange,
 * or, where the key has propose access, is kept as a proposal for the caller to record. A
 * path-scoped key sees only the files it may read.
 */
export class StoreMemoryToolFs implements MemoryToolFs {
  /**
   * Files the command read, by store path: a view is recorded as a read, and a change to a file it
   * read needs no second read (the row stays locked until the command ends). A commit drops its file.
   */
  readonly readFiles = new Map<string, Memory>();
  /** Changes held for review instead of committed. */
  readonly proposed: ProposedChange[] = [];
  committed = 0;

  constructor(
    private readonly run: StepRunner,
    private readonly ctx: RequestContext,
    private readonly store: StoreState,
    private readonly policy: StorePolicy,
  ) {}

  async list(prefix: string): Promise<MemoryToolFile[]> {
    const files = await this.run((w) => w.s.liveFiles(this.store.id, prefix));
    return this.policy.scoped ? files.filter((file) => mayRead(this.policy, file.path)) : files;
  }

  async read(path: string): Promise<{ content: string } | null> {
    const memory = await this.live(path);
    if (memory) this.readFiles.set(path, memory);
    return memory ? { content: memory.content } : null;
  }

  async create(path: string, content: string): Promise<void> {
    await guard(() => requireContent(content));
    const storeId = this.store.id;
    await this.commit({ storeId, memory: null, operation: "created", cause: "memory_tool", content, path }, function* (w) {
      yield* pathFree(w, storeId, path, null);
      yield* roomForOneMore(w, storeId);
    });
  }

  async update(path: string, content: string): Promise<void> {
    const memory = await this.require(path);
    if (memory.content === content) return;
    await guard(() => requireContent(content));
    await this.commit({ storeId: this.store.id, memory, operation: "modified", cause: "memory_tool", content, path });
  }

  async remove(path: string): Promise<void> {
    const memory = await this.require(path);
    await this.commit({ storeId: this.store.id, memory, operation: "deleted", cause: "memory_tool", content: "", path });
  }

  async rename(from: string, to: string): Promise<void> {
    const memory = await this.require(from);
    const storeId = this.store.id;
    await this.commit({ storeId, memory, operation: "modified", cause: "memory_tool", content: memory.content, path: to }, function* (w) {
      yield* pathFree(w, storeId, to, memory.id);
    });
  }

  /** Checks (rule failures become the tool's error text), then commits the change or keeps it as a proposal. */
  private async commit(change: Change, checks?: Parameters<StepRunner>[0]): Promise<void> {
    const { ctx, store } = this;
    const paths = change.memory && change.memory.path !== change.path ? [change.memory.path, change.path] : [change.path];
    const mode = await guard(() => writeModeAt(this.policy, store.id, paths));
    if (mode === "propose") {
      this.proposed.push({
        storeId: store.id,
        memory: change.memory,
        operation: change.operation,
        path: change.path,
        content: change.content,
        cause: "memory_tool",
      });
      return;
    }
    if (checks) await guard(() => this.run(checks));
    await this.run((w) => commitChange(w, ctx, change, store));
    if (change.memory) this.readFiles.delete(change.memory.path);
    this.committed++;
  }

  private async live(path: string) {
    const memory = await this.run((w) => w.s.liveMemoryAt(this.store.id, path));
    return memory && mayRead(this.policy, memory.path) ? memory : null;
  }

  private async require(path: string): Promise<Memory> {
    // A file this command read and has not changed is as it read it: its row stays locked
    // (PostgreSQL) or the writer alone (SQLite) until the command ends. No second read.
    const memory = this.readFiles.get(path) ?? (await this.live(path));
    // The executor checks existence first; reaching this means the head moved inside the transaction.
    if (!memory) throw new Error(`memory tool: ${path} vanished inside its transaction`);
    return memory;
  }
}

async function guard<T>(check: () => Promise<T> | T): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof ApiError) throw new MemoryToolRejection(error.message);
    throw error;
  }
}
