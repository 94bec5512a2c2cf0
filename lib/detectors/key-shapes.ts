import { detectRules, keywords, type Detection, type Rule } from "./detection";

// Key shapes secretlint's recommended preset does not cover (Stripe, Google API keys, JWTs) and
// generic `password = …` assignments whose value looks random.

const STRIPE = /\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,99})\b/g;
// sk-live-…, pk-test-…: the dashed key shape many services (and Engram's demo) use.
const PREFIXED_KEY = /(?<![\w-])((?:sk|pk|rk)-(?:live|test|prod)-[A-Za-z0-9]{16,99})(?![\w-])/g;
const GOOGLE_API_KEY = /(?<![\w-])(AIza[0-9A-Za-z_-]{35})(?![\w-])/g;
const JWT = /(?<![\w-])(eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000})(?![\w-])/g;
// key = value / key: value / "key": "value", the key naming a credential.
const ASSIGNMENT =
  /(?:^|[^A-Za-z0-9])(?:[A-Za-z0-9]{0,30}[_-])?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth)(?:[_-][A-Za-z0-9]{0,30})?["']?\s{0,4}[:=]\s{0,4}["']?([^\s"'`,;]{12,200})/gi;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** A value that looks generated, not a word, a placeholder or a reference to somewhere else. */
function looksRandom(value: string): boolean {
  if (/^(?:\$\{|\$\(|%|<|\{\{)|^(?:process\.env|env\.|os\.environ)/i.test(value)) return false;
  if (/^(?:x+|\*+|\.+|-+|changeme|password|secret|example|redacted)$/i.test(value) || value.includes("[REDACTED]")) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.5;
}

/** The words each pattern needs (gates, detection.ts). */
const WORDS = {
  stripe: ["_live_", "_test_"],
  prefixed: ["-live-", "-test-", "-prod-"],
  google: ["AIza"],
  jwt: ["eyJ"],
  // The credential words of ASSIGNMENT (api key, access key and private key in each spelling).
  assignment: [
    "passw",
    "pwd",
    "secret",
    "token",
    "auth",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
    "access-key",
    "accesskey",
    "private_key",
    "private-key",
    "privatekey",
  ],
};
export const KEY_SHAPE_WORDS = Object.values(WORDS).flat();

const RULES: Rule[] = [
  { rule: "stripe-key", kind: "secret", pattern: STRIPE, gate: keywords(...WORDS.stripe) },
  { rule: "prefixed-secret-key", kind: "secret", pattern: PREFIXED_KEY, gate: keywords(...WORDS.prefixed) },
  { rule: "google-api-key", kind: "secret", pattern: GOOGLE_API_KEY, gate: keywords(...WORDS.google) },
  { rule: "jwt", kind: "secret", pattern: JWT, gate: keywords(...WORDS.jwt) },
  { rule: "generic-secret-assignment", kind: "secret", pattern: ASSIGNMENT, gate: keywords(...WORDS.assignment), accept: (m) => looksRandom(m[1]) },
];

export function detectKeyShapes(text: string, gated = true): Detection[] {
  return detectRules(text, RULES, gated);
}
