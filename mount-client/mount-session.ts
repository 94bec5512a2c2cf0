// Mount every memory store a session attaches (Managed Agents `resources`), each in
// DIR/<its mount_path's last segment>, with the attachment's access: read_only ones pull only.
import Anthropic from "@anthropic-ai/sdk";
import path from "node:path";
import { mountStore, type MountHandle, type MountOptions } from "./mount-store";

export type MountSessionOptions = Omit<MountOptions, "storeId" | "dir" | "readOnly" | "sessionId"> & { sessionId: string; dir: string };

export async function mountSession(options: MountSessionOptions): Promise<MountHandle[]> {
  const client = options.client ?? new Anthropic({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0 });
  const session = await client.beta.sessions.retrieve(options.sessionId, {}, { headers: { "x-engram-session-id": options.sessionId } });
  const stores = (session.resources ?? []).filter((resource) => resource.type === "memory_store");
  if (stores.length === 0) throw new Error(`session ${options.sessionId} attaches no memory stores; pass --store`);
  const handles: MountHandle[] = [];
  try {
    for (const resource of stores) {
      const name = path.basename(resource.mount_path ?? resource.memory_store_id);
      handles.push(await mountStore({ ...options, client, storeId: resource.memory_store_id, dir: path.join(options.dir, name) }));
    }
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.stop()));
    throw error;
  }
  return handles;
}
