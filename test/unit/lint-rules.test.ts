import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Each of the project's boundaries, linted through eslint.config.mjs as it stands, so a rule that
// stops applying (a renamed folder, a later config block replacing an earlier one's setting) fails here.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../.."), overrideConfigFile: "eslint.config.mjs" });
const ours = /^(engram\/|no-restricted-)/;

/** The project rules' findings for `code` as if it were the file at `file` (which need not exist). */
async function findings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.filter((m) => m.ruleId && ours.test(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: { rule: string; file: string; code: string; says: string }[] = [
  { rule: "engram/server-only", file: "server/probe.ts", code: "export const one = 1;\n", says: 'starts with import "server-only"' },
  { rule: "engram/no-module-state", file: "server/probe.ts", code: 'import "server-only";\nexport let count = 0;\n', says: "keep it in processState()" },
  {
    rule: "engram/no-module-state",
    file: "server/probe.ts",
    code: 'import "server-only";\nexport const cache = new Map();\n',
    says: "keep it in processState()",
  },
  { rule: "engram/no-module-state", file: "server/probe.ts", code: 'import "server-only";\nexport const g = globalThis;\n', says: "keep it in processState()" },
  {
    rule: "engram/no-env-outside-config",
    file: "server/probe.ts",
    code: 'import "server-only";\nexport const port = () => process.env.PORT;\n',
    says: "Read environment variables in server/config.ts",
  },
  {
    rule: "engram/client-boundary",
    file: "components/probe.tsx",
    code: 'import { listStores } from "@/server/stores/list-stores";\nexport const f = listStores;\n',
    says: "Client code imports server code",
  },
  {
    rule: "engram/client-boundary",
    file: "app/probe.tsx",
    code: '"use client";\nimport { listStores } from "@/server/stores/list-stores";\nexport const f = listStores;\n',
    says: "Client code imports server code",
  },
  {
    rule: "no-restricted-imports",
    file: "app/probe.ts",
    code: 'import { getDb } from "@/server/db/client";\nexport const f = getDb;\n',
    says: "never reach the database directly",
  },
  {
    rule: "no-restricted-imports",
    file: "app/probe/page.tsx",
    code: 'import { getDb } from "@/server/db/client";\nexport const f = getDb;\n',
    says: "never reach the database directly",
  },
  {
    rule: "no-restricted-imports",
    file: "components/probe.tsx",
    code: 'import type { Memory } from "@prisma/client";\nexport type M = Memory;\n',
    says: "never reach the database directly",
  },
  {
    rule: "no-restricted-imports",
    file: "components/probe.tsx",
    code: 'import { useInfiniteQuery } from "@tanstack/react-query";\nexport const f = useInfiniteQuery;\n',
    says: "Use usePagedList",
  },
  {
    rule: "no-restricted-imports",
    file: "mount-client/probe.ts",
    code: 'import { config } from "@/server/config";\nexport const f = config;\n',
    says: "mount-client/ talks to Engram over HTTP",
  },
  {
    rule: "no-restricted-syntax",
    file: "components/probe.tsx",
    code: 'export const A = () => <div className="alert">Failed</div>;\n',
    says: "Use <ErrorAlert>",
  },
];

describe("the project's lint rules", () => {
  it.each(cases)("$rule refuses a violation in $file", async ({ rule, file, code, says }) => {
    const found = await findings(file, code);
    expect(
      found.some((f) => f.startsWith(`${rule}: `) && f.includes(says)),
      found.join("\n") || "(nothing found)",
    ).toBe(true);
  });

  it("lets through what the rules allow", async () => {
    expect(await findings("server/process-state.ts", 'import "server-only";\nexport const g = globalThis;\n')).toEqual([]);
    expect(await findings("server/config.ts", 'import "server-only";\nexport const port = () => process.env.PORT;\n')).toEqual([]);
    expect(await findings("server/probe.ts", 'import "server-only";\nexport const limit = 5;\nexport const names = new Map([["a", 1]]);\n')).toEqual([]);
    expect(await findings("components/probe.tsx", 'import type { WireMemory } from "@/server/api/schemas";\nexport type M = WireMemory;\n')).toEqual([]);
    expect(await findings("app/probe/page.tsx", 'import { listStores } from "@/server/stores/list-stores";\nexport const f = listStores;\n')).toEqual([]);
    expect(
      await findings("components/api/use-paged-list.ts", 'import { useInfiniteQuery } from "@tanstack/react-query";\nexport const f = useInfiniteQuery;\n'),
    ).toEqual([]);
  });
});
