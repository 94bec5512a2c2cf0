// Worker thread: inflates and walks an uploaded (gzipped) tar with hard limits, off the event loop.
// Plain CommonJS so it runs in a Worker without a TypeScript loader, inside and outside Next's bundle.
// It streams: inflation stops as soon as a limit is crossed or the end-of-archive marker has been
// followed by more than a record of padding, so a bomb costs at most `maxInflated` bytes of work.
/* eslint-disable @typescript-eslint/no-require-imports */
const { workerData, parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
const { Header, Pax } = require(require.resolve("tar", { paths: [workerData.root] }));

const BLOCK = 512;
const { archive, maxInflated, maxEntries, maxEntryBytes, largeEntries, maxTrailing } = workerData;
const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
const META_TYPES = new Set(["ExtendedHeader", "GlobalExtendedHeader", "NextFileHasLongPath", "OldExtendedHeader"]);

class Refusal extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}
const invalid = (message) => new Refusal("invalid", message);
const tooLarge = (message) => new Refusal("too_large", message);

const queue = [];
let queued = 0;
let inflated = 0;
let bodies = 0;
const entries = [];
let state = { phase: "header", need: BLOCK };
let ended = false;
let trailing = 0;
let pending = { path: null, size: null };

/** Takes `n` queued bytes as one fresh (transferable) buffer. */
function take(n) {
  const out = Buffer.allocUnsafeSlow(n);
  let at = 0;
  while (at < n) {
    const chunk = queue[0];
    const k = Math.min(chunk.length, n - at);
    chunk.copy(out, at, 0, k);
    at += k;
    if (k === chunk.length) queue.shift();
    else queue[0] = chunk.subarray(k);
  }
  queued -= n;
  return out;
}

const padded = (size) => Math.ceil(size / BLOCK) * BLOCK;
const displayName = (name) => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);

function readHeader(block) {
  if (block.every((b) => b === 0)) {
    // The first zero block ends the archive; what follows may only be zero padding.
    ended = true;
    return;
  }
  const header = new Header(block);
  if (!header.cksumValid) throw invalid("not a valid tar archive (a header's checksum is wrong)");
  const type = header.type;
  const size = pending.size ?? header.size ?? 0;
  const name = (pending.path ?? header.path ?? "").replace(/^\.\//, "");
  if (!Number.isSafeInteger(size) || size < 0) throw invalid(`archive entry ${displayName(name)}: invalid size`);
  if (META_TYPES.has(type)) {
    if (size > 1024 * 1024) throw tooLarge("an archive's extended header may hold at most 1 MiB");
    state = { phase: "meta", need: padded(size), size, type };
    return;
  }
  pending = { path: null, size: null };
  if (type === "Directory") {
    state = { phase: "skip", need: padded(size) };
    return;
  }
  if (!FILE_TYPES.has(type)) throw invalid(`archive entry ${displayName(name)} is a ${type}; only regular files are imported`);
  if (name.startsWith("/") || name.split("/").some((s) => s === "..") || /^[A-Za-z]:/.test(name)) {
    throw invalid(`archive entry ${displayName(name)}: absolute paths and ".." are not allowed`);
  }
  const limit = largeEntries.includes(name) ? maxInflated : maxEntryBytes;
  if (size > limit) throw tooLarge(`archive entry ${displayName(name)} is ${size} bytes; the limit is ${limit} bytes`);
  if (entries.length >= maxEntries) throw tooLarge(`an archive may hold at most ${maxEntries} files`);
  bodies += size;
  if (bodies > maxInflated) throw tooLarge(`the archive expands to more than ${maxInflated} bytes`);
  state = { phase: "body", need: padded(size), size, name };
}

function readMeta(bytes) {
  const body = bytes.subarray(0, state.size);
  if (state.type === "NextFileHasLongPath") pending.path = body.toString("utf8").replace(/\0.*$/s, "");
  else if (state.type !== "GlobalExtendedHeader") {
    const pax = Pax.parse(body.toString("utf8"), {}, false);
    if (pax.path !== undefined) pending.path = pax.path;
    if (pax.size !== undefined) pending.size = pax.size;
  }
}

function advance() {
  while (!ended && queued >= state.need) {
    const bytes = take(state.need);
    const phase = state.phase;
    if (phase === "header") readHeader(bytes);
    else {
      if (phase === "meta") readMeta(bytes);
      else if (phase === "body") entries.push({ path: state.name, body: bytes.buffer, size: state.size });
      state = { phase: "header", need: BLOCK };
    }
  }
  if (ended) {
    for (const chunk of queue) if (!chunk.every((b) => b === 0)) throw invalid("the archive has data after its end-of-archive marker");
    trailing += queued;
    queue.length = 0;
    queued = 0;
    if (trailing > maxTrailing) throw tooLarge(`the archive has more than ${maxTrailing} bytes after its end-of-archive marker`);
  }
}

function push(chunk) {
  inflated += chunk.length;
  if (inflated > maxInflated) throw tooLarge(`the archive expands to more than ${maxInflated} bytes`);
  queue.push(chunk);
  queued += chunk.length;
  advance();
}

function finish() {
  if (!ended && (queued > 0 || state.phase !== "header")) throw invalid("not a valid tar archive (it ends in the middle of an entry)");
  if (!ended && entries.length === 0 && inflated === 0) throw invalid("the archive is empty");
  parentPort.postMessage(
    { ok: true, entries },
    entries.map((e) => e.body),
  );
}

function fail(error) {
  if (error instanceof Refusal) parentPort.postMessage({ ok: false, kind: error.kind, message: error.message });
  else parentPort.postMessage({ ok: false, kind: "invalid", message: `not a valid tar.gz archive (${error.message})` });
}

const input = Buffer.from(archive);
if (input[0] === 0x1f && input[1] === 0x8b) {
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
  let stopped = false;
  gunzip.on("data", (chunk) => {
    if (stopped) return;
    try {
      push(chunk);
    } catch (error) {
      stopped = true;
      gunzip.destroy();
      fail(error);
    }
  });
  gunzip.on("error", (error) => {
    if (stopped) return;
    stopped = true;
    fail(invalid(`not a valid gzip stream (${error.message})`));
  });
  gunzip.on("end", () => {
    if (stopped) return;
    try {
      finish();
    } catch (error) {
      fail(error);
    }
  });
  gunzip.end(input);
} else {
  try {
    push(input);
    finish();
  } catch (error) {
    fail(error);
  }
}
