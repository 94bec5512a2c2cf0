// An agent loop whose memory lives in Engram: Claude uses the client-side memory tool
// (memory_20250818), the SDK's tool runner executes each command, and the handlers send it to
// Engram's memory-tool endpoint. Every change becomes a version attributed to the session, every
// view a recorded read; watch it live at GET /api/v1/events or afterwards on the session timeline.
//
//   ANTHROPIC_API_KEY=sk-ant-…  ENGRAM_URL=http://localhost:3000  ENGRAM_API_KEY=…  \
//   ENGRAM_STORE_ID=memstore_…  [ENGRAM_SESSION_ID=sesn_…]  \
//   npx tsx examples/agent-with-memory.ts "What do you remember about my project?"
import Anthropic from "@anthropic-ai/sdk";
import { betaMemoryTool } from "@anthropic-ai/sdk/helpers/beta/memory";
import { engramMemoryHandlers } from "./engram-memory-handlers";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see examples/README.md)`);
  return value;
}

async function main() {
  const question = process.argv.slice(2).join(" ") || "Remember that I prefer concise answers, then tell me what you know about me.";
  const memory = betaMemoryTool(
    engramMemoryHandlers({
      engramUrl: required("ENGRAM_URL"),
      apiKey: required("ENGRAM_API_KEY"),
      storeId: required("ENGRAM_STORE_ID"),
      sessionId: process.env.ENGRAM_SESSION_ID,
    }),
  );
  // The Anthropic client talks to Claude; only the memory tool's commands go to Engram.
  const claude = new Anthropic({ apiKey: required("ANTHROPIC_API_KEY") });
  const runner = claude.beta.messages.toolRunner({
    model: process.env.ANTHROPIC_MODEL ?? "claude-sonnet-4-5",
    max_tokens: 2048,
    max_iterations: 10,
    tools: [memory],
    messages: [{ role: "user", content: question }],
  });
  for await (const message of runner) {
    for (const block of message.content) {
      if (block.type === "text") console.log(`assistant: ${block.text}`);
      if (block.type === "tool_use") console.log(`memory tool: ${JSON.stringify(block.input)}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
