// Shared by the memory-tool, timeline and events tests: raw calls to the memory-tool endpoint
// and session rows (created directly: the sessions API is not what these tests are about).
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";

export type ToolResult = { type: "memory_tool_result"; content: string; is_error: boolean };

export async function callMemoryTool(origin: string, key: string, storeId: string, input: unknown, sessionId?: string) {
  const response = await fetch(`${origin}/api/v1/memory_stores/${storeId}/memory_tool`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...(sessionId ? { "x-engram-session-id": sessionId } : {}) },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as ToolResult & { error?: { type: string; message: string } } };
}

export async function memoryTool(origin: string, key: string, storeId: string, input: unknown, sessionId?: string): Promise<ToolResult> {
  const { status, body } = await callMemoryTool(origin, key, storeId, input, sessionId);
  if (status !== 200) throw new Error(`memory tool answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export async function createSessionRow(workspaceId: string, agentId: string, title = "") {
  const { db } = await getDb();
  return db.session.create({ data: { id: newId("session"), workspaceId, agentId, title, startedAt: new Date() } });
}
