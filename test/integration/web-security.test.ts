// Web security: CSRF on every cookie-authenticated /api/v1 mutation and on next-auth's own
// endpoints, session fixation, cookie flags, security headers, sign-in and API-key rate limits,
// and no secrets in the spawned server's output.
import { Auth, type AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { allRoutes } from "@/server/api/routes";
import { authSecret } from "@/server/auth/auth-secret";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { verifyCredentials, SignInRateLimited } from "@/server/auth/verify-credentials";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { writeCounts } from "./helpers/db-counts";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, makeFixture, send } from "./helpers/matrix";
import { buildPrincipals, sessionToken, type Principals } from "./helpers/principals";
import { expectNoSecrets } from "./helpers/secrets";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

let api: RunningApi;
let tenant: TestTenant;
let principals: Principals;
let spawned: SpawnedApi | null = null;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("web-security");
  principals = await buildPrincipals(tenant, api.origin);
});
afterAll(async () => {
  await api?.close();
  await spawned?.kill("SIGKILL");
});

/** Fills an OpenAPI path's {params} with the fixture's ids (any existing id will do: CSRF is refused before routing). */
function concretePath(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? "x");
}

describe("CSRF on cookie-authenticated API mutations", () => {
  it("refuses every mutation with a foreign, missing or null Origin, and writes nothing", async () => {
    const fx = await makeFixture(api.origin, tenant, principals, "csrf");
    const ids = {
      memory_store_id: fx.storeId,
      memory_id: fx.memoryId,
      memory_version_id: fx.firstVersionId,
      session_id: fx.sessionId,
      agent_id: principals.readWriteAgentId,
      api_key_id: tenant.adminKeyId,
    };
    const cookie = principals.callers.user_admin.headers("GET").cookie!;
    const before = await writeCounts(tenant.workspace.id);
    const mutations = allRoutes.filter((route) => route.method !== "get");
    const attempts: [string, Record<string, string>][] = [
      ["cross-origin", { origin: "https://evil.example" }],
      ["look-alike origin", { origin: `${api.origin}.evil.example` }],
      ["missing Origin", {}],
      ["null Origin", { origin: "null" }],
    ];
    let tried = 0;
    for (const route of mutations) {
      for (const [label, headers] of attempts) {
        const path = concretePath(route.path, ids);
        const method = route.method.toUpperCase();
        const json = await send(api.origin, { method, path, headers: { cookie, ...headers }, body: { name: "csrf", content: "csrf", path: "/csrf.md" } });
        // A classic cross-site <form> post: urlencoded body, no preflight.
        const form = await send(api.origin, {
          method,
          path,
          headers: { cookie, ...headers },
          raw: new TextEncoder().encode("name=csrf"),
          contentType: "application/x-www-form-urlencoded",
        });
        for (const sent of [json, form]) {
          tried++;
          expect({ route: `${method} ${route.path}`, label, status: sent.status }).toEqual({ route: `${method} ${route.path}`, label, status: 403 });
          expect(JSON.parse(sent.text)).toMatchObject({ type: "error", error: { type: "permission_error", message: expect.stringMatching(/origin/i) } });
        }
      }
    }
    expect(await writeCounts(tenant.workspace.id)).toEqual(before);
    console.log(`[web-security] CSRF: ${mutations.length} mutations × ${attempts.length} origins × 2 encodings = ${tried} refused`);
  });

  it("accepts the same request from Engram's own origin, and API keys regardless of Origin", async () => {
    const headers = principals.callers.user_admin.headers("POST");
    const own = await send(api.origin, { method: "POST", path: "/memory_stores", headers, body: { name: "same-origin" } });
    expect(own.status).toBe(200);
    const keyed = await send(api.origin, {
      method: "POST",
      path: "/memory_stores",
      headers: { "x-api-key": tenant.adminKey, origin: "https://elsewhere.example" },
      body: { name: "key" },
    });
    expect(keyed.status).toBe(200);
  });

  it("reads the __Secure- session cookie behind a TLS-terminating proxy (x-forwarded-proto: https)", async () => {
    const { user } = await tenant.user("viewer");
    const cookie = `__Secure-authjs.session-token=${await sessionToken(user.id, true)}`;
    const sent = await send(api.origin, { method: "GET", path: "/memory_stores", headers: { cookie, "x-forwarded-proto": "https" } });
    expect(sent.status).toBe(200);
  });
});

// next-auth's own endpoints, run through @auth/core (what next-auth's route handlers call) with
// Engram's provider and callbacks: CSRF on sign-in, cookie flags, session fixation.
const authConfig: AuthConfig = {
  secret: authSecret(),
  trustHost: true,
  basePath: "/api/auth",
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials) => verifyCredentials(String(credentials?.email ?? ""), String(credentials?.password ?? "")),
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => (user?.id ? { ...token, uid: user.id } : token),
  },
};

const cookieJar = (setCookies: string[]) => setCookies.map((c) => c.split(";")[0]).join("; ");

async function signIn(origin: string, email: string, password: string, extraCookie = "") {
  const csrf = await Auth(new Request(`${origin}/api/auth/csrf`), authConfig);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [cookieJar(csrf.headers.getSetCookie()), extraCookie].filter(Boolean).join("; ");
  const response = await Auth(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ email, password, csrfToken }),
    }),
    authConfig,
  );
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  return { response, session, location: response.headers.get("location") ?? "" };
}

describe("next-auth sign-in", () => {
  it("refuses a sign-in POST without the CSRF token (no session issued)", async () => {
    const { user, password } = await tenant.user("developer");
    const response = await Auth(
      new Request("http://127.0.0.1:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
        body: new URLSearchParams({ email: user.email, password }),
      }),
      authConfig,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("error=MissingCSRF");
    expect(response.headers.getSetCookie().some((c) => c.includes("session-token="))).toBe(false);
  });

  it("issues an HttpOnly, SameSite=Lax session cookie (Secure with the __Secure- prefix over https)", async () => {
    const { user, password } = await tenant.user("developer");
    const plain = await signIn("http://127.0.0.1:3000", user.email, password);
    expect(plain.session).toMatch(/^authjs\.session-token=/);
    expect(plain.session).toMatch(/HttpOnly/i);
    expect(plain.session).toMatch(/SameSite=Lax/i);
    expect(plain.session).toMatch(/Path=\//);
    const secure = await signIn("https://engram.example", user.email, password);
    expect(secure.session).toMatch(/^__Secure-authjs\.session-token=/);
    expect(secure.session).toMatch(/;\s*Secure/i);
    expect(secure.session).toMatch(/HttpOnly/i);
  });

  it("session fixation: a cookie planted before sign-in is never the session; sign-in issues a new token", async () => {
    const victim = await tenant.user("admin");
    const attacker = await tenant.user("viewer");
    const planted = await sessionToken(attacker.user.id);
    for (const preset of ["attacker-chosen-value", planted]) {
      const garbage = await send(api.origin, { method: "GET", path: "/memory_stores", headers: { cookie: `authjs.session-token=${preset}` } });
      if (preset !== planted) expect(garbage.status).toBe(401);
      const result = await signIn("http://127.0.0.1:3000", victim.user.email, victim.password, `authjs.session-token=${preset}`);
      expect(result.location).not.toContain("error");
      const issued = result.session!.split(";")[0].split("=").slice(1).join("=");
      expect(issued).not.toBe(preset);
      // The new token is the victim's own session; the planted one still is not.
      const me = await send(api.origin, {
        method: "POST",
        path: "/memory_stores",
        headers: { cookie: `authjs.session-token=${issued}`, origin: api.origin },
        body: { name: `after login ${preset.length}` },
      });
      expect(me.status).toBe(200);
    }
  });

  it("limits failed sign-ins per email: the 6th attempt in 15 minutes is refused with a clear message, even with the right password", async () => {
    const { user, password } = await tenant.user("compliance");
    for (let i = 0; i < 5; i++) expect(await verifyCredentials(user.email, `wrong ${i}`)).toBeNull();
    const refused = await verifyCredentials(user.email, password).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SignInRateLimited);
    expect((refused as Error).message).toMatch(/Too many failed sign-ins; try again in \d+ minutes/);
    // Through the sign-in endpoint: an error redirect with code=rate_limited, and no session.
    const viaEndpoint = await signIn("http://127.0.0.1:3000", user.email, password);
    expect(viaEndpoint.location).toContain("code=rate_limited");
    expect(viaEndpoint.session).toBeUndefined();
    // Another account is not affected.
    const other = await tenant.user("compliance");
    expect(await verifyCredentials(other.user.email, other.password)).toMatchObject({ id: other.user.id });
  });
});

describe("security headers", () => {
  it("API responses: nosniff, no-store, a deny-everything CSP, no referrer, on success, streams and errors", async () => {
    for (const sent of [
      await send(api.origin, { method: "GET", path: "/memory_stores", headers: { "x-api-key": tenant.adminKey } }),
      await send(api.origin, { method: "GET", path: "/audit_events/export?format=ndjson", headers: { "x-api-key": tenant.adminKey } }),
      await send(api.origin, { method: "GET", path: "/memory_stores" }),
      await send(api.origin, { method: "GET", path: "/no_such_route", headers: { "x-api-key": tenant.adminKey } }),
    ]) {
      expect(sent.headers.get("request-id")).toMatch(/^req_/);
      expect(sent.headers.get("x-content-type-options")).toBe("nosniff");
      expect(sent.headers.get("cache-control")).toBe("no-store");
      expect(sent.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(sent.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("console pages: a CSP allowing Monaco's workers and nothing external, frame-ancestors 'none', nosniff, Referrer-Policy", async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((rule) => rule.source === "/:path*");
    const headers = Object.fromEntries(all!.headers.map((h) => [h.key.toLowerCase(), h.value]));
    const csp = Object.fromEntries(
      headers["content-security-policy"]
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp["worker-src"]).toEqual(["'self'", "blob:"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    // Nothing external: no host, scheme wildcard or https: source anywhere.
    for (const values of Object.values(csp)) for (const value of values) expect(value).toMatch(/^('[a-z-]+'|data:|blob:)$/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
  });
});

describe("API-key rate limiting (spawned server, ENGRAM_RATE_LIMIT_PER_MINUTE=20)", () => {
  it("answers 429 rate_limit_error with Retry-After once a key's budget is spent; other keys are unaffected; no secret reaches the logs", async () => {
    spawned = await spawnApiServer({ env: { ENGRAM_RATE_LIMIT_PER_MINUTE: "20" } });
    // A key of its own: limits are counted in the database, and the other tests' requests count too.
    const limitedKey = (await createApiKey(tenant.system, { name: "rate limited", kind: "admin" })).secret;
    principals.secrets.push(limitedKey);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof send>> | null = null;
    for (let i = 0; i < 25; i++) {
      const sent = await send(spawned.origin, { method: "GET", path: "/memory_stores", headers: { authorization: `Bearer ${limitedKey}` } });
      statuses.push(sent.status);
      if (sent.status === 429) limited ??= sent;
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(JSON.parse(limited!.text)).toMatchObject({ type: "error", error: { type: "rate_limit_error", message: expect.stringMatching(/rate limit/i) } });
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited!.headers.get("request-id")).toMatch(/\S/);
    expect((await send(spawned.origin, { method: "GET", path: "/memory_stores", headers: { "x-api-key": principals.secrets[4] } })).status).toBe(200);

    // Exercise the logging paths with secrets in play: wrong keys, a key created through the API, failures.
    const created = await adminJson<{ key: string }>(
      spawned.origin,
      (await createApiKey(tenant.system, { name: "second admin", kind: "admin" })).secret,
      "POST",
      "/api_keys",
      { name: "logged?", kind: "admin" },
    );
    for (const key of [...principals.secrets, `${tenant.adminKey}x`, created.key]) {
      await send(spawned.origin, { method: "POST", path: "/memory_stores", headers: { "x-api-key": key }, body: { name: 42 } });
    }
    await spawned.kill("SIGTERM");
    expectNoSecrets(spawned.output(), [...principals.secrets, created.key], "rate-limited API server");
    spawned = null;
  });
});
