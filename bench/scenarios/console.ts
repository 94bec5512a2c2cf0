// Scenario 8: the console in Chromium: time to first byte, largest contentful paint and the
// JavaScript transferred (compressed bytes on the wire) per page. Runs over the `next build`
// output; page URLs are configurable (BENCH_PAGE_<NAME>) because routes may still move, and a
// page that does not exist is reported "not available" instead of failing the bench.
import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/server/auth/passwords";
import { load, summarize, type Row } from "../lib/stats";
import { startServer } from "../lib/server";
import { CHROMIUM_FLAGS } from "../../scripts/find-chromium";

const RUNS = 5;

type Manifest = { url: string; dialect: string; workspaceId: string; store10k: string; historyStore: string; historyMemory: string; timelineSession: string };

function pages(m: Manifest): { name: string; path: string; editor: boolean }[] {
  const fill = (p: string) =>
    p.replace("{store}", m.store10k).replace("{historyStore}", m.historyStore).replace("{memory}", m.historyMemory).replace("{session}", m.timelineSession);
  return [
    { name: "stores list", path: fill(process.env.BENCH_PAGE_STORES ?? "/stores"), editor: false },
    { name: "store with 10,000 memories", path: fill(process.env.BENCH_PAGE_STORE ?? "/stores/{store}"), editor: false },
    // The history tab loads Monaco only to compare two versions, which this page load does not do.
    { name: "file history, 10,000 versions", path: fill(process.env.BENCH_PAGE_HISTORY ?? "/stores/{historyStore}?file={memory}&tab=history"), editor: false },
    { name: "session timeline, 2,000 events", path: fill(process.env.BENCH_PAGE_TIMELINE ?? "/sessions/{session}"), editor: false },
  ];
}

const note = (metric: string, text: string): Row => ({ scenario: "8", metric, unit: "", note: text, load: load() });

export async function runConsole(m: Manifest): Promise<Row[]> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
    return [note("console pages", "not available: no production build (.next/BUILD_ID); run `npx next build` first")];
  if (m.dialect !== "sqlite") return [note("console pages", "measured on SQLite only")];
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    return [note("console pages", "not available: playwright-core is not installed")];
  }
  // A console user for the bench workspace (idempotent).
  const email = "bench-admin@engram.local";
  const password = "bench-console-password";
  const db = new Database(m.url.slice("file:".length));
  if (!db.prepare(`SELECT 1 FROM "User" WHERE "email" = ?`).get(email)) {
    db.prepare(`INSERT INTO "User" ("id","workspaceId","email","name","passwordHash","role","createdAt") VALUES (?,?,?,?,?,?,?)`).run(
      newId("user"),
      m.workspaceId,
      email,
      "Bench Admin",
      await hashPassword(password),
      "admin",
      new Date().toISOString().replace("Z", "+00:00"),
    );
  }
  db.close();

  const server = await startServer("console", m.url, 3198);
  const browser = await chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
    for (const target of pages(m)) {
      const ttfb: number[] = [];
      const lcp: number[] = [];
      let jsBytes = 0;
      let status = 0;
      for (let run = 0; run < RUNS; run++) {
        const fresh = await context.newPage();
        const cdp = await context.newCDPSession(fresh);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        const scripts = new Map<string, number>();
        // Requests in flight, but not the live event stream (a page that listens never goes network-idle).
        const inFlight = new Set<string>();
        let lastSettled = performance.now();
        const settle = (id: string) => inFlight.delete(id) && (lastSettled = performance.now());
        cdp.on("Network.requestWillBeSent", (e: { requestId: string; type?: string }) => e.type !== "EventSource" && inFlight.add(e.requestId));
        cdp.on("Network.responseReceived", (e: { requestId: string; type: string }) => {
          if (e.type === "Script") scripts.set(e.requestId, 0);
          if (e.type === "EventSource") inFlight.delete(e.requestId);
        });
        cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
          if (scripts.has(e.requestId)) scripts.set(e.requestId, e.encodedDataLength);
          settle(e.requestId);
        });
        cdp.on("Network.loadingFailed", (e: { requestId: string }) => settle(e.requestId));
        await fresh.addInitScript(() => {
          const w = window as unknown as { __lcp: number };
          w.__lcp = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) w.__lcp = entry.startTime;
          }).observe({ type: "largest-contentful-paint", buffered: true });
        });
        const response = await fresh.goto(target.path, { waitUntil: "load" });
        for (const deadline = performance.now() + 30_000; performance.now() < deadline;) {
          if (inFlight.size === 0 && performance.now() - lastSettled > 500) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        status = response?.status() ?? 0;
        // The observer has reported a candidate once __lcp is set; two more frames let a later, larger paint land too.
        await fresh.waitForFunction(() => (window as unknown as { __lcp: number }).__lcp > 0);
        const nav = await fresh.evaluate(async () => {
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          return { ttfb: entry.responseStart - entry.requestStart, lcp: (window as unknown as { __lcp: number }).__lcp };
        });
        ttfb.push(nav.ttfb);
        lcp.push(nav.lcp);
        jsBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
        await fresh.close();
      }
      if (status === 404 || status === 0) {
        rows.push(note(`${target.name} (${target.path})`, `not available: HTTP ${status}; set BENCH_PAGE_* to the page's route`));
        continue;
      }
      const l = load();
      const lcpSummary = summarize(lcp);
      rows.push({ scenario: "8", metric: `${target.name}: TTFB (${target.path})`, unit: "ms", summary: summarize(ttfb), load: l });
      rows.push({ scenario: "8", metric: `${target.name}: LCP`, unit: "ms", summary: lcpSummary, target: "< 1,000 ms", met: lcpSummary.p95 < 1000, load: l });
      rows.push({
        scenario: "8",
        metric: `${target.name}: JavaScript transferred`,
        unit: "kB",
        value: jsBytes / 1024,
        target: target.editor ? undefined : "< 250 kB",
        met: target.editor ? undefined : jsBytes < 250 * 1024,
        load: l,
      });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return rows;
}
