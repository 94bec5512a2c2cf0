// Scenarios 5 and 6: redaction of the planted string across the whole dataset against
// `git filter-branch` on a capped peer, and export of the 10,000-memory store against
// `git archive`.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { bystanderTenant, bystanderWriter, quietWrites, writesDuring } from "../lib/bystander";
import { sample, summarize, time, type Summary } from "../lib/stats";

export type GovernanceManifest = {
  adminKey: string;
  store10k: string;
  peer: string;
  redactionPeer: string;
  planted: string;
  url: string;
  workspaceId: string;
};
export type Timed = { name: string; ms?: number; summary?: Summary; detail?: Record<string, unknown>; missing?: boolean; note?: string };

/** Commits of the capped peer that filter-branch rewrites (the tree filter costs ~tens of ms per commit). */
export const FILTER_BRANCH_COMMITS = 300;
export const EXPORT_PATH = process.env.BENCH_EXPORT_PATH ?? "/memory_stores/{id}/export";

async function post(baseUrl: string, key: string, p: string, body: unknown) {
  const send = () =>
    fetch(`${baseUrl}/api/v1${p}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  // Retried only when no response came back (an idle keep-alive socket the server had closed).
  const response = await send().catch(send);
  const text = await response.text();
  if (!response.ok) throw Object.assign(new Error(`${p}: ${response.status} ${text.slice(0, 200)}`), { body: text });
  return JSON.parse(text);
}

export async function runRedaction(baseUrl: string, m: GovernanceManifest, stateFile: string): Promise<Timed[]> {
  const out: Timed[] = [];
  const query = { mode: "text", query: m.planted, reason: "benchmark: leaked credential" };
  try {
    let plan: { versions?: unknown[]; match_count?: number } = {};
    const dry = await time(async () => (plan = await post(baseUrl, m.adminKey, "/redaction/redact", { ...query, dry_run: true })));
    out.push({ name: "redaction dry run (scan of every version)", ms: dry, detail: { versions: plan.versions?.length, matches: plan.match_count } });
    // The real redaction changes the dataset, so it runs once per generated dataset.
    if (existsSync(stateFile)) {
      out.push({ ...JSON.parse(readFileSync(stateFile, "utf8")), note: "measured once per dataset (earlier run); regenerate with bench:data to repeat" });
      const tenant = stateFile.replace(/\.json$/, ".bystander.json");
      if (existsSync(tenant)) out.push({ ...JSON.parse(readFileSync(tenant, "utf8")), note: "measured once per dataset (earlier run)" });
    } else {
      let result: { versions?: unknown[]; version_ids?: unknown[]; scrub?: string } = {};
      // Another tenant writes all along: before, to know its quiet latency, then during the redaction and its scrub.
      const bystander = await bystanderWriter(baseUrl, await bystanderTenant(m.url, m.workspaceId));
      const quiet = await quietWrites(bystander);
      const started = performance.now();
      const redaction = post(baseUrl, m.adminKey, "/redaction/redact", { ...query, dry_run: false }).then((r) => (result = r));
      const during = await writesDuring(bystander, redaction, scrubFinished(m.url));
      await redaction;
      const ms = performance.now() - started;
      const row: Timed = {
        name: "redaction of the planted string (all stores)",
        ms,
        detail: { versions: plan.versions?.length, scrub: result.scrub, response_keys: Object.keys(result) },
      };
      writeFileSync(stateFile, JSON.stringify(row));
      out.push(row);
      const tenant: Timed = {
        name: "another workspace's writes during the redaction and its scrub (sequential, with preconditions)",
        summary: during,
        note: `quiet before: p50 ${quiet.median.toFixed(1)} / p99 ${quiet.p99.toFixed(1)} / max ${quiet.max.toFixed(1)} ms (n ${quiet.n}); until the scrub ended ${(performance.now() - started).toFixed(0)} ms after the redaction began`,
      };
      writeFileSync(stateFile.replace(/\.json$/, ".bystander.json"), JSON.stringify(tenant));
      out.push(tenant);
    }
  } catch (error) {
    const missing = /No route/.test(String((error as { body?: string }).body));
    out.push({ name: "redaction", missing, note: missing ? "endpoint missing" : String(error).slice(0, 300) });
  }

  // Peer: rewrite the capped repository's last FILTER_BRANCH_COMMITS commits, extrapolated per commit.
  const copy = `${m.redactionPeer}-rewrite`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(m.redactionPeer, copy, { recursive: true });
  const filter = `grep -rlF '${m.planted}' . 2>/dev/null | xargs -r sed -i 's/${m.planted}/[REDACTED]/g'`;
  const ms = await time(() => {
    const result = spawnSync("git", ["filter-branch", "-f", "--tree-filter", filter, "--", `HEAD~${FILTER_BRANCH_COMMITS}..HEAD`], {
      cwd: copy,
      env: { ...process.env, FILTER_BRANCH_SQUELCH_WARNING: "1" },
      maxBuffer: 1 << 26,
    });
    if (result.status !== 0) throw new Error(`filter-branch: ${result.stderr}`);
  });
  rmSync(copy, { recursive: true, force: true });
  out.push({
    name: `git filter-branch --tree-filter, ${FILTER_BRANCH_COMMITS} commits (capped peer of 2,000 commits × 200 files)`,
    ms,
    detail: { msPerCommit: ms / FILTER_BRANCH_COMMITS, extrapolatedTo1MCommitsHours: ((ms / FILTER_BRANCH_COMMITS) * 1e6) / 3.6e6 },
  });
  return out;
}

/**
 * Whether the post-redaction scrub is over. PostgreSQL: no VACUUM FULL runs in the database (it goes
 * on in the background when the redaction answered "pending"); SQLite: its scrub is part of the answer.
 */
function scrubFinished(url: string): () => Promise<boolean> {
  if (!url.startsWith("postgres")) return async () => true;
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'VACUUM FULL%' AND state = 'active'`,
      );
      return rows[0].n === 0;
    } finally {
      await client.end();
    }
  };
}

export async function runExport(baseUrl: string, m: GovernanceManifest, runs: number): Promise<Timed[]> {
  const out: Timed[] = [];
  const url = `${baseUrl}/api/v1${EXPORT_PATH.replace("{id}", m.store10k)}`;
  const probe = await fetch(url, { headers: { authorization: `Bearer ${m.adminKey}` } });
  const probeBody = await probe.arrayBuffer();
  if (probe.status === 404 && /No route/.test(Buffer.from(probeBody).toString())) {
    out.push({ name: `export of the 10,000-memory store (GET ${EXPORT_PATH})`, missing: true, note: "endpoint missing" });
  } else if (!probe.ok) {
    out.push({ name: "export", note: `HTTP ${probe.status}: ${Buffer.from(probeBody).toString().slice(0, 200)}` });
  } else {
    const summary = summarize(
      await sample(runs, async () => fetch(url, { headers: { authorization: `Bearer ${m.adminKey}` } }).then((r) => r.arrayBuffer()), 1),
    );
    out.push({ name: `export of the 10,000-memory store (GET ${EXPORT_PATH})`, summary, detail: { bytes: probeBody.byteLength } });
  }
  const archive = path.join(path.dirname(m.peer), "store10k.tar.gz");
  const summary = summarize(
    await sample(
      runs,
      () => {
        const result = spawnSync("git", ["archive", "--format=tar.gz", "-o", archive, "HEAD", "store10k"], { cwd: m.peer });
        if (result.status !== 0) throw new Error(`git archive: ${result.stderr}`);
      },
      1,
    ),
  );
  out.push({ name: "git archive --format=tar.gz HEAD store10k", summary });
  return out;
}
