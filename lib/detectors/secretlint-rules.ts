import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import type { Detection } from "./detection";

// AWS access key ids (AKIA…) are off by default in the preset; a leaked id is worth a finding here.
const config = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommended,
      rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
    },
  ],
};
const PREFIX = "@secretlint/secretlint-rule-";

// secretlint profiles every rule on every text by default (performance marks, an observer, a regex
// per mark): about a third of the scanner's CPU, for a profile nobody reads. Its docs say to turn it off.
secretLintProfiler.setEnabled(false);

/**
 * secretlint's recommended preset (AWS, GitHub, GitLab, Slack, OpenAI, Anthropic, private keys,
 * npm, SendGrid, GCP service accounts, database URLs with passwords and more), run on one string.
 * Rule ids lose their package prefix: `@secretlint/secretlint-rule-aws` → `aws`.
 */
export async function detectWithSecretlint(text: string): Promise<Detection[]> {
  const result = await lintSource({
    source: { filePath: "/memory.md", content: text, contentType: "text", ext: ".md" },
    options: { config, maskSecrets: true },
  });
  return result.messages.map((m) => ({
    rule: m.ruleId.startsWith(PREFIX) ? m.ruleId.slice(PREFIX.length) : m.ruleId,
    kind: "secret" as const,
    start: m.range[0],
    end: m.range[1],
  }));
}
