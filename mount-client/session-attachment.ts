// A mount inside a session follows the session's attachment of the store (Managed Agents
// `resources`): a store attached read_only is pulled, never pushed. The server enforces the same
// rule (writes answer 403, unattached stores 404); reading it here keeps local edits on disk
// instead of failing every push.
import type Anthropic from "@anthropic-ai/sdk";
import type { RequestOptions } from "./sync-pass";

/** The access the session attaches `storeId` with, or null when the session attaches no stores. */
export async function sessionAttachmentAccess(client: Anthropic, sessionId: string, storeId: string, request: RequestOptions) {
  const session = await client.beta.sessions.retrieve(sessionId, {}, request);
  const attached = (session.resources ?? []).filter((resource) => resource.type === "memory_store");
  if (attached.length === 0) return null;
  const mine = attached.find((resource) => resource.memory_store_id === storeId);
  if (!mine) throw new Error(`session ${sessionId} does not attach memory store ${storeId} (not found)`);
  return mine.access ?? "read_write";
}
