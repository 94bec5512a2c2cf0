import { rules as presetRules } from "@secretlint/secretlint-rule-preset-recommend";
import { describe, expect, it } from "vitest";
import { contentPool } from "@/bench/lib/content";
import { detect } from "./detect";
import { plantedSamples } from "./samples";
import { SECRETLINT_KEYWORDS } from "./secretlint-rules";

// The detectors' keyword gates (detection.ts) skip a pattern on a text without a word it needs.
// A gate that is wrong loses findings silently, so each is held to the patterns it stands for.

const token = (n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
const hex = (n: number) => token(n, "0123456789abcdef");
const PEM = `-----BEGIN PRIVATE KEY-----\nMII${token(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}\n${token(64)}\n-----END PRIVATE KEY-----`;

/** A 1Password service account token: `ops_` and base64 of its JSON, which ends "fQ" when the JSON's length leaves 1 over 3. */
function onePasswordToken(): string {
  let json = "";
  for (let pad = ""; json.length % 3 !== 1 || json === ""; pad += "x")
    json = JSON.stringify({ email: `${pad}a@1passwordserviceaccounts.lcl`, secretKey: `A3-${token(30)}`, srpX: hex(64), signInAddress: "team.1password.com" });
  return `ops_${Buffer.from(json).toString("base64")}`;
}

/**
 * One text per rule of secretlint's preset that the preset reports, and shapes at the edges of the
 * other gates. (npm's `_authToken=` is reported in .npmrc files only, never in a memory.)
 */
const edgeTexts: Record<string, string> = {
  "1password": onePasswordToken(),
  anthropic: `sk-ant-api03-${token(95)}AA`,
  "aws id": `AKIA${token(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
  "aws secret": `AWS_SECRET_ACCESS_KEY = "${token(40)}"`,
  "aws account": `aws_account_id = 1234-5678-9012`,
  basicauth: `https://deploy:${token(16)}@registry.example.com/v2`,
  "database-connection-string": `postgres://app:${token(18)}@db.internal:5432/main`,
  databricks: `dapi${hex(32)}`,
  docker: `dckr_pat_${token(27)}`,
  figma: `figd_${token(44)}`,
  gcp: JSON.stringify({ type: "service_account", private_key_id: hex(40), private_key: `${PEM}\n` }),
  github: `ghp_${token(36)}`,
  "github oauth url": `https://${token(20)}:x-oauth-basic@github.com/org/repo.git`,
  gitlab: `glpat-${token(20)}`,
  grafana: `glsa_${token(32)}_${hex(8)}`,
  groq: `gsk_${token(52)}`,
  "hashicorp-vault": `hvs.${token(95)}`,
  huggingface: `hf_${token(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
  linear: `lin_api_${token(40)}`,
  notion: `ntn_${token(11, "0123456789")}${token(35)}`,
  npm: `npm_${token(36)}`,
  openai: `sk-proj-${token(58)}T3BlbkFJ${token(58)}`,
  privatekey: PEM,
  sendgrid: `SG.${token(22)}.${token(43)}`,
  shopify: `shpat_${hex(32)}`,
  slack: `xoxb-${token(12, "0123456789")}-${token(13, "0123456789")}-${token(24)}`,
  "slack webhook": `https://hooks.slack.com/services/T${token(8)}/B${token(8)}/${token(24)}`,
  vercel: `vcp_${token(40)}`,
  "card, every digit apart": "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
  "phone, two-digit groups": "+1 (12) 34 56 78 90",
  "keywords in other cases": `Api-Key: ${token(24)}!x and PASSWORD=${token(18)}#2`,
};

describe("detector gates", () => {
  it("name every rule of secretlint's recommended preset (an upgrade that adds one fails here until its words are listed)", () => {
    const ids = presetRules
      .map((rule) => rule.meta.id.replace("@secretlint/secretlint-rule-", ""))
      .filter((id) => id !== "filter-comments")
      .sort();
    expect(Object.keys(SECRETLINT_KEYWORDS).sort()).toEqual(ids);
  });

  it("find exactly what the ungated patterns find, on every planted sample, every edge shape and ordinary memory text", async () => {
    const pool = contentPool(60);
    const texts = [
      ...Object.values(edgeTexts),
      ...["a", "b", "c"].flatMap((seed) => plantedSamples(seed).map((s) => s.text)),
      ...pool,
      ...pool.slice(0, 20).map((text, i) => `${text}\n${Object.values(edgeTexts)[i % Object.keys(edgeTexts).length]}\n`),
    ];
    for (const text of texts) expect(await detect(text), text.slice(0, 80)).toEqual(await detect(text, false));
  });

  it("let through each edge shape's finding (the comparison above is not of two empty lists)", async () => {
    const missed: string[] = [];
    for (const [name, text] of Object.entries(edgeTexts)) if ((await detect(text)).length === 0) missed.push(name);
    expect(missed).toEqual([]);
  });
});
