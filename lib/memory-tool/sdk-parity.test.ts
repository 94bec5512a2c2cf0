// Runs the same commands through the SDK's own local-filesystem memory tool and through
// executeMemoryTool, and requires identical text. Node-only, which is fine in a test.
import { BetaLocalFilesystemMemoryTool } from "@anthropic-ai/sdk/tools/memory/node";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandScript, isEngramOnly, type ScriptCommand } from "./command-script";
import { executeMemoryTool, type MemoryToolResult } from "./execute";
import { InMemoryFs } from "./in-memory-fs";

const base = mkdtempSync(join(tmpdir(), "engram-memory-tool-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function sdkRun(tool: BetaLocalFilesystemMemoryTool, input: ScriptCommand): Promise<MemoryToolResult> {
  try {
    const handler = (tool as unknown as Record<string, (c: ScriptCommand) => Promise<string>>)[String(input.command)];
    return { content: await handler.call(tool, input), isError: false };
  } catch (e) {
    return { content: `Error: ${(e as Error).message}`, isError: true };
  }
}

// Directory sizes in the SDK's listings come from the host filesystem; ours mimic ext4.
const dirSizeIs4K = statSync(base).size === 4096;

const script = commandScript.filter((command) => !isEngramOnly(command));

describe.skipIf(!dirSizeIs4K)("parity with the SDK's local-filesystem memory tool", async () => {
  const sdk = await BetaLocalFilesystemMemoryTool.init(base);
  const ours = new InMemoryFs();
  // Sequential: each step depends on the state the previous ones left.
  it("produces identical results for every command in the script", async () => {
    const mismatches: string[] = [];
    for (const input of script) {
      const expected = await sdkRun(sdk, input);
      const actual = await executeMemoryTool(input, ours);
      if (expected.content !== actual.content || expected.isError !== actual.isError) {
        mismatches.push(`${JSON.stringify(input)}\n  sdk:  ${JSON.stringify(expected)}\n  ours: ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches.join("\n")).toBe("");
  });
});
