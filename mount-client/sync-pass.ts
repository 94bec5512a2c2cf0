// One reconciliation of a mounted directory with its store: a content-free listing and a scan
// of the disk decide per path (lib/mount/plan-path); only what changed moves. The state file
// is saved after every applied change, so a crash at any point is repaired by the next pass.
import { APIConnectionError, APIError } from "@anthropic-ai/sdk";
import type Anthropic from "@anthropic-ai/sdk";
import { existsSync } from "node:fs";
import path from "node:path";
import { conflictCopyPath, fromMemoryPath, isMountPrivate, toMemoryPath } from "@/lib/mount/mount-paths";
import { planPath, type PathAction, type RemoteEntry } from "@/lib/mount/plan-path";
import { decodeUtf8, hashLocal, readLocal, removeLocal, scanDir, sha256, writeAtomic } from "./local-dir";
import { emptySummary, type MountReport, type SyncSummary } from "./mount-report";
import { saveState, type MountState } from "./mount-state";

/** Per-request options (timeout, retries, the session header) the SDK takes on every call. */
export type RequestOptions = NonNullable<Parameters<Anthropic["beta"]["memoryStores"]["retrieve"]>[2]>;

/** The server could not be reached (network, 5xx, 429): the pass stops and is retried later. */
export class ServerUnreachable extends Error {}

export type PassContext = {
  client: Anthropic;
  storeId: string;
  root: string;
  readOnly: boolean;
  deleteDelayMs: number;
  now: () => number;
  request: RequestOptions;
  state: MountState;
  report: (r: MountReport) => void;
  /** Reports already given for a (kind, path, sha), so a held file is not re-reported every sync. */
  announced: Set<string>;
};

type Listed = RemoteEntry & { content?: string | null };

const BASIC_PAGE = 100;
const FULL_PAGE = 20;
const MAX_PASSES = 3;

/** Reconcile until no precondition race is left (bounded). */
export async function syncStore(ctx: PassContext): Promise<SyncSummary> {
  const summary = emptySummary();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const raced = await runPass(ctx, summary);
    if (!raced) break;
  }
  return summary;
}

async function runPass(ctx: PassContext, summary: SyncSummary): Promise<boolean> {
  const { state } = ctx;
  const local = await scanDir(ctx.root);
  // A first download needs every memory's content: full pages beat one request per memory.
  const initial = Object.keys(state.files).length === 0;
  const remote = await listRemote(ctx, initial && local.size === 0 ? "full" : "basic");

  if (local.size === 0 && Object.keys(state.files).length > 1) {
    // Everything gone at once is a wiped folder, not a mass delete: download again.
    ctx.report({ type: "warning", message: `every file in ${ctx.root} is gone; downloading the store again instead of deleting` });
    state.files = {};
    state.missingSince = {};
    await saveState(ctx.root, state);
  }

  let raced = false;
  const paths = [...new Set([...remote.keys(), ...local.keys(), ...Object.keys(state.files)])].sort();
  for (const rel of paths) {
    const action = planPath({
      base: state.files[rel],
      localSha: local.get(rel),
      remote: remote.get(rel),
      readOnly: ctx.readOnly,
      refusedSha: state.refused[rel],
      missingSince: state.missingSince[rel],
      now: ctx.now(),
      deleteDelayMs: ctx.deleteDelayMs,
    });
    if (action.kind !== "wait_delete" && action.kind !== "delete_remote") delete state.missingSince[rel];
    if (!(action.kind === "hold" && action.reason === "refused")) delete state.refused[rel];
    raced = (await apply(ctx, rel, action, remote.get(rel), local.get(rel), summary)) || raced;
  }
  await saveState(ctx.root, state);
  return raced;
}

/** Perform one action; true when a precondition race means the path needs another pass. */
async function apply(
  ctx: PassContext,
  rel: string,
  action: PathAction,
  listed: Listed | undefined,
  localSha: string | undefined,
  summary: SyncSummary,
): Promise<boolean> {
  const { state } = ctx;
  switch (action.kind) {
    case "none":
      if (action.base) state.files[rel] = action.base;
      else delete state.files[rel];
      return false;
    case "pull":
      if (await pull(ctx, rel, listed!, localSha)) summary.pulled++;
      return false;
    case "push":
      return push(ctx, rel, action.remote, summary);
    case "conflict": {
      const bytes = await readLocal(ctx.root, rel);
      if (!bytes) return true;
      const copy = conflictCopyPath(rel, new Date(), (p) => existsSync(path.join(ctx.root, p)));
      await writeAtomic(ctx.root, copy, bytes);
      // The copy is safe on disk, so the server version may now replace the file.
      if (await pull(ctx, rel, listed!, sha256(bytes))) {
        summary.conflicts++;
        ctx.report({ type: "conflict", path: rel, conflictCopy: copy });
      }
      return false;
    }
    case "remove_local": {
      if ((await hashLocal(ctx.root, rel)) !== action.expectSha) return true;
      await removeLocal(ctx.root, rel);
      delete state.files[rel];
      await saveState(ctx.root, state);
      summary.removedLocal++;
      ctx.report({ type: "removed_local", path: rel });
      return false;
    }
    case "wait_delete":
      if (state.missingSince[rel] === undefined) {
        state.missingSince[rel] = action.since;
        await saveState(ctx.root, state);
        ctx.report({ type: "delete_pending", path: rel, dueInMs: action.dueInMs });
      }
      summary.pendingDeletes++;
      return false;
    case "delete_remote":
      return deleteRemote(ctx, rel, action.remote, action.expectSha, summary);
    case "hold":
      if (action.base) state.files[rel] = action.base;
      else delete state.files[rel];
      summary.held++;
      if (!ctx.announced.has(`${action.reason}:${rel}:${action.localSha}`)) {
        ctx.announced.add(`${action.reason}:${rel}:${action.localSha}`);
        if (action.reason === "read_only") ctx.report({ type: "read_only", path: rel });
      }
      return false;
  }
}

async function pull(ctx: PassContext, rel: string, listed: Listed, expectLocal: string | undefined): Promise<boolean> {
  let content = listed.content;
  let entry: RemoteEntry = listed;
  if (typeof content !== "string") {
    try {
      const item = await ctx.client.beta.memoryStores.memories.retrieve(listed.id, { memory_store_id: ctx.storeId, view: "full" }, ctx.request);
      content = item.content ?? "";
      entry = { id: item.id, sha: item.content_sha256 };
    } catch (e) {
      if (isStatus(e, 404)) return false; // deleted since the listing; the next pass sees it
      throw classify(e);
    }
  }
  // The file may have been edited since the scan; it is then the only copy, so leave it for the next pass.
  if ((await hashLocal(ctx.root, rel)) !== expectLocal) return false;
  await writeAtomic(ctx.root, rel, content);
  ctx.state.files[rel] = entry;
  await saveState(ctx.root, ctx.state);
  ctx.report({ type: "pulled", path: rel });
  return true;
}

async function push(ctx: PassContext, rel: string, existing: RemoteEntry | undefined, summary: SyncSummary): Promise<boolean> {
  const bytes = await readLocal(ctx.root, rel);
  if (!bytes) return true;
  const localSha = sha256(bytes);
  const content = decodeUtf8(bytes);
  if (content === null) {
    refuse(ctx, rel, localSha, null, "the file is not valid UTF-8", summary);
    return false;
  }
  const memories = ctx.client.beta.memoryStores.memories;
  try {
    const item = existing
      ? await memories.update(
          existing.id,
          { memory_store_id: ctx.storeId, content, precondition: { type: "content_sha256", content_sha256: existing.sha } },
          ctx.request,
        )
      : await memories.create(ctx.storeId, { path: toMemoryPath(rel), content }, ctx.request);
    const proposal = proposalOf(item);
    if (proposal) {
      // A key with propose access: the server keeps the change for review. Hold this content until it changes.
      ctx.state.refused[rel] = localSha;
      summary.held++;
      ctx.report({ type: "proposed", path: rel, proposalId: proposal.id });
      return false;
    }
    ctx.state.files[rel] = { id: item.id, sha: item.content_sha256 };
    await saveState(ctx.root, ctx.state);
    summary.pushed++;
    ctx.report({ type: "pushed", path: rel, created: !existing, memoryVersionId: item.memory_version_id });
    return false;
  } catch (e) {
    if (existing && isStatus(e, 404)) return push(ctx, rel, undefined, summary);
    // Lost a race to another writer: the next pass sees the remote change and keeps a conflict copy.
    if (isStatus(e, 409)) return true;
    if (e instanceof APIError && typeof e.status === "number" && e.status >= 400 && e.status < 500 && e.status !== 429) {
      refuse(ctx, rel, localSha, e.status, errorMessage(e), summary);
      return false;
    }
    throw classify(e);
  }
}

function refuse(ctx: PassContext, rel: string, localSha: string, status: number | null, message: string, summary: SyncSummary) {
  ctx.state.refused[rel] = localSha;
  summary.refused++;
  ctx.announced.add(`refused:${rel}:${localSha}`);
  ctx.report({ type: "refused", path: rel, status, message });
}

async function deleteRemote(ctx: PassContext, rel: string, remote: RemoteEntry, expectSha: string, summary: SyncSummary): Promise<boolean> {
  const { state } = ctx;
  // Re-check: a file that came back is an edit, not a delete.
  if (await hashLocal(ctx.root, rel)) {
    delete state.missingSince[rel];
    return true;
  }
  try {
    const answer = await ctx.client.beta.memoryStores.memories.delete(
      remote.id,
      { memory_store_id: ctx.storeId, expected_content_sha256: expectSha },
      ctx.request,
    );
    const proposal = proposalOf(answer);
    if (proposal) {
      // Held for review: the memory stays on the server, so the next pass brings the file back until a reviewer approves.
      delete state.missingSince[rel];
      summary.held++;
      ctx.report({ type: "proposed", path: rel, proposalId: proposal.id });
      return true;
    }
  } catch (e) {
    if (isStatus(e, 409) || isStatus(e, 412)) {
      delete state.missingSince[rel];
      return true; // changed on the server meanwhile: the next pass restores it
    }
    if (!isStatus(e, 404)) throw classify(e);
  }
  delete state.files[rel];
  delete state.missingSince[rel];
  await saveState(ctx.root, state);
  summary.deletedRemote++;
  ctx.report({ type: "deleted_remote", path: rel });
  return false;
}

async function listRemote(ctx: PassContext, view: "basic" | "full"): Promise<Map<string, Listed>> {
  const remote = new Map<string, Listed>();
  try {
    const pages = ctx.client.beta.memoryStores.memories.list(ctx.storeId, { view, limit: view === "full" ? FULL_PAGE : BASIC_PAGE }, ctx.request);
    for await (const item of pages) {
      if (item.type !== "memory") continue;
      const rel = fromMemoryPath(item.path);
      if (isMountPrivate(rel)) continue; // a name the mount keeps for itself cannot be mirrored
      remote.set(rel, { id: item.id, sha: item.content_sha256, ...(view === "full" ? { content: item.content } : {}) });
    }
  } catch (e) {
    throw classify(e);
  }
  return remote;
}

/** A 202 from a key with propose access: the SDK parses the proposal as if it were the memory. */
function proposalOf(answer: unknown): { id: string } | null {
  return typeof answer === "object" && answer !== null && (answer as { type?: unknown }).type === "memory_proposal" ? (answer as { id: string }) : null;
}

function isStatus(e: unknown, status: number): boolean {
  return e instanceof APIError && e.status === status;
}

/** Network failures, 5xx and 429 mean "try again later"; anything else is a real error. */
function classify(e: unknown): unknown {
  if (e instanceof APIConnectionError) return new ServerUnreachable(e.message);
  if (e instanceof APIError && (e.status === undefined || e.status >= 500 || e.status === 429)) return new ServerUnreachable(errorMessage(e));
  return e;
}

function errorMessage(e: APIError): string {
  const body = e.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? e.message;
}
