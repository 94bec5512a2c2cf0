import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { keywords, type Detection } from "./detection";

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
 * For each rule of the preset (12.0.0), the words none of its patterns can match without, read off
 * its source. The preset runs only on a text holding one of them; a test holds this table to the
 * preset's list of rules, so an upgrade that adds a rule fails until its words are added here.
 */
export const SECRETLINT_KEYWORDS: Record<string, string[]> = {
  "1password": ["ops_"],
  anthropic: ["sk-ant-"],
  // Access key ids; "secret access key" and "account id" assignments.
  aws: ["A3T", "AKIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA", "secret", "account"],
  basicauth: ["://"],
  "database-connection-string": ["://"],
  databricks: ["dapi"],
  docker: ["dckr_pat_"],
  figma: ["figd_"],
  // A service account's JSON: its private_key holds a PEM block.
  gcp: ["-----BEGIN", "private_key"],
  github: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "x-oauth-basic"],
  gitlab: ["glpat-"],
  grafana: ["glc_", "glsa_"],
  groq: ["gsk_"],
  "hashicorp-vault": ["hvs.", "hvb.", "hvr."],
  huggingface: ["hf_"],
  linear: ["lin_api_"],
  notion: ["ntn_"],
  npm: ["npm_", "_authToken"],
  openai: ["T3BlbkFJ"],
  privatekey: ["-----BEGIN"],
  sendgrid: ["SG."],
  shopify: ["shppa_", "shpca_", "shpat_", "shpss_"],
  slack: ["xoxb-", "xoxp-", "xapp-", "xoxa-", "xoxo-", "xoxr-", "hooks.slack.com"],
  vercel: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
};
export const SECRETLINT_WORDS = [...new Set(Object.values(SECRETLINT_KEYWORDS).flat())];
const GATE = keywords(...SECRETLINT_WORDS);

/**
 * secretlint's recommended preset (AWS, GitHub, GitLab, Slack, OpenAI, Anthropic, private keys,
 * npm, SendGrid, GCP service accounts, database URLs with passwords and more), run on one string.
 * Rule ids lose their package prefix: `@secretlint/secretlint-rule-aws` → `aws`.
 */
export async function detectWithSecretlint(text: string, gated = true): Promise<Detection[]> {
  if (gated && !GATE.test(text)) return [];
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
