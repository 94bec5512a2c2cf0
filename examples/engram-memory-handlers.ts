// Memory tool handlers for the SDK's `betaMemoryTool` helper that run every command against an
// Engram store through POST /api/v1/memory_stores/{id}/memory_tool. Plain fetch, no Engram code:
// copy this file into an agent.
import type { MemoryToolHandlers } from "@anthropic-ai/sdk/helpers/beta/memory";
import type { BetaMemoryTool20250818Command } from "@anthropic-ai/sdk/resources/beta";

export type EngramMemoryOptions = {
  /** Engram's origin, e.g. http://localhost:3000 */
  engramUrl: string;
  /** An Engram API key (an agent key with a grant on the store). */
  apiKey: string;
  storeId: string;
  /** Attribute every change and read to this session (x-engram-session-id). */
  sessionId?: string;
};

type MemoryToolResult = { type: "memory_tool_result"; content: string; is_error: boolean };

/**
 * Sends one command to Engram. Tool errors come back as text starting with "Error: "; the SDK's
 * tool runner turns a thrown error into exactly that text with is_error, so they are thrown here.
 */
export async function runEngramMemoryCommand(options: EngramMemoryOptions, command: BetaMemoryTool20250818Command): Promise<string> {
  const response = await fetch(`${options.engramUrl}/api/v1/memory_stores/${encodeURIComponent(options.storeId)}/memory_tool`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${options.apiKey}`,
      ...(options.sessionId ? { "x-engram-session-id": options.sessionId } : {}),
    },
    body: JSON.stringify(command),
  });
  if (!response.ok) throw new Error(`Engram memory tool request failed (${response.status}): ${await response.text()}`);
  const result = (await response.json()) as MemoryToolResult;
  if (result.is_error) throw new Error(result.content.replace(/^Error: /, ""));
  return result.content;
}

export function engramMemoryHandlers(options: EngramMemoryOptions): MemoryToolHandlers {
  const run = (command: BetaMemoryTool20250818Command) => runEngramMemoryCommand(options, command);
  return { view: run, create: run, str_replace: run, insert: run, delete: run, rename: run };
}
