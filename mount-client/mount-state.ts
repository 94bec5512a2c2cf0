// The mount's memory between syncs, kept in the directory so a restart resumes where a crash left off.
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { Baseline } from "@/lib/mount/plan-path";
import { STATE_FILE } from "@/lib/mount/mount-paths";
import { writeAtomic } from "./local-dir";

export type MountState = {
  version: 1;
  storeId: string;
  /** Per path: the memory and the content_sha256 both sides last agreed on. */
  files: Record<string, Baseline>;
  /** Per path: when the file was first seen missing (epoch ms), awaiting the delete delay. */
  missingSince: Record<string, number>;
  /** Per path: the local sha the server refused; retried once the file changes. */
  refused: Record<string, string>;
};

export function emptyState(storeId: string): MountState {
  return { version: 1, storeId, files: {}, missingSince: {}, refused: {} };
}

/** The saved state, or null for a directory never mounted. A state naming another store is refused. */
export async function loadState(root: string, storeId: string): Promise<MountState | null> {
  let raw: string;
  try {
    raw = await fsp.readFile(path.join(root, STATE_FILE), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const state = JSON.parse(raw) as MountState;
  if (state.storeId !== storeId) {
    throw new Error(`${root} is mounted from store ${state.storeId}, not ${storeId}; choose another directory`);
  }
  return { ...emptyState(storeId), ...state };
}

export async function saveState(root: string, state: MountState): Promise<void> {
  await writeAtomic(root, STATE_FILE, JSON.stringify(state));
}
