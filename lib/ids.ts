// Prefixed, ULID-like ids: 10 chars of millisecond time + 16 chars of randomness in Crockford
// base32, so sorting ids as strings sorts them by creation time.
export const ID_PREFIXES = {
  workspace: "wrkspc_",
  user: "user_",
  agent: "agent_",
  apiKey: "apikey_",
  store: "memstore_",
  grant: "grant_",
  session: "sesn_",
  memory: "mem_",
  version: "memver_",
  read: "memread_",
  auditEvent: "audit_",
  redaction: "redact_",
  finding: "finding_",
  legalHold: "hold_",
  webhook: "webhook_",
  webhookDelivery: "whdlv_",
  webhookEvent: "event_",
  proposal: "prop_",
  request: "req_",
} as const;

export type IdPrefix = keyof typeof ID_PREFIXES;

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_LEN = 10;
const RANDOM_LEN = 16;
const BODY_RE = new RegExp(`^[0-7][${ALPHABET}]{${TIME_LEN + RANDOM_LEN - 1}}$`);

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < TIME_LEN; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = new Uint8Array(RANDOM_LEN);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b & 31);
}

// Returns false on overflow (all digits were 31), which in practice never happens.
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] < 31) {
      digits[i]++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

function nextBody(now: number): string {
  // A clock that goes backwards must not break ordering: keep using the last time.
  if (now > lastTime) {
    lastTime = now;
    lastRandom = randomDigits();
  } else if (!increment(lastRandom)) {
    lastTime++;
    lastRandom = randomDigits();
  }
  return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join("");
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return ID_PREFIXES[prefix] + nextBody(now);
}

/** The smallest id of `prefix` created at `ms`: ids below it were created earlier. */
export function idFloor(prefix: IdPrefix, ms: number): string {
  return ID_PREFIXES[prefix] + encodeTime(ms) + "0".repeat(RANDOM_LEN);
}

export function isId(prefix: IdPrefix, value: unknown): value is string {
  if (typeof value !== "string") return false;
  const head = ID_PREFIXES[prefix];
  return value.startsWith(head) && BODY_RE.test(value.slice(head.length));
}

/** Creation time encoded in an id, in ms since the epoch, or null when it is not one of ours. */
export function idTimestamp(value: string): number | null {
  const body = value.slice(value.lastIndexOf("_") + 1);
  if (!BODY_RE.test(body)) return null;
  let ms = 0;
  for (const ch of body.slice(0, TIME_LEN)) ms = ms * 32 + ALPHABET.indexOf(ch);
  return ms;
}

/** An id without its prefix: ids of different kinds (a version, a read) compare by time this way. */
export const idBody = (id: string) => id.slice(id.lastIndexOf("_") + 1);
