// One planted example per detector kind, shaped like the real thing but generated here (none is a
// live credential). Shared by the unit tests, the integration tests and the e2e seed.
import { mulberry32Uint } from "../mulberry32";

const pad = (seed: string, n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") => {
  let out = "";
  let x = 0;
  for (const ch of seed) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  // Deterministic and well spread, so samples pass entropy checks.
  const next = mulberry32Uint(x);
  for (let i = 0; i < n; i++) out += alphabet[next() % alphabet.length];
  return out;
};

// DER's SEQUENCE tag makes a PEM body start with "MI"; secretlint checks for it.
const PEM_BODY = "MII" + Array.from({ length: 4 }, (_, i) => pad(`pem${i}`, 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")).join("\n");

/** rule id → a text holding exactly one such secret, and the secret itself. */
export function plantedSamples(seed = "s"): { rule: string; text: string; secret: string }[] {
  const s = (rule: string, before: string, secret: string, after = "") => ({ rule, text: `${before}${secret}${after}`, secret });
  return [
    s("aws", "aws_access_key_id = ", `AKIA${pad(`${seed}aws`, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`),
    s("github", "token: ", `ghp_${pad(`${seed}gh`, 36)}`),
    s("gitlab", "gitlab ", `glpat-${pad(`${seed}gl`, 20)}`),
    s("slack", "slack bot ", `xoxb-${pad(`${seed}sl1`, 12, "0123456789")}-${pad(`${seed}sl2`, 13, "0123456789")}-${pad(`${seed}sl3`, 24)}`),
    s("stripe-key", "billing ", `sk_live_${pad(`${seed}st`, 24)}`),
    s("prefixed-secret-key", "use key ", `sk-live-${pad(`${seed}sl`, 32, "0123456789abcdef")}`, " for prod"),
    s("openai", "OPENAI ", `sk-proj-${pad(`${seed}oa1`, 58)}T3BlbkFJ${pad(`${seed}oa2`, 58)}`),
    s("anthropic", "claude ", `sk-ant-api03-${pad(`${seed}an`, 93)}AA`),
    s("google-api-key", "maps ", `AIza${pad(`${seed}gk`, 35)}`),
    s("privatekey", "deploy key:\n", `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`, "\n"),
    s("jwt", "bearer ", `eyJhbGciOiJIUzI1NiJ9.eyJ${pad(`${seed}jw1`, 40)}.${pad(`${seed}jw2`, 43)}`),
    s("generic-secret-assignment", "db_password = ", `${pad(`${seed}pw`, 14)}!9xQ`),
    s("email", "contact ", `jane.${pad(`${seed}em`, 6, "abcdefghij")}@example.org`, " today"),
    s("phone-number", "call ", "+44 20 7946 0958", " later"),
    s("iban", "pay to ", "DE89 3704 0044 0532 0130 00", " please"),
    s("card-number", "card ", "4111 1111 1111 1111", " exp"),
    s("us-ssn", "ssn ", "123-45-6789", " on file"),
  ];
}
