// Console sessions end server-side: a cookie saved before sign-out, deactivation or a role change
// is refused afterwards by the API and by the console's own session check (next-auth's jwt
// callback, what every page's auth() runs), in a separate server process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { setUserActive } from "@/server/users/set-user-active";
import { setUserRole } from "@/server/users/set-user-role";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

let server: SpawnedApi;
let tenant: TestTenant;

const jar = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await fetch(`${server.origin}/api/auth/csrf`);
  return { token: ((await response.json()) as { csrfToken: string }).csrfToken, cookie: jar(response) };
}

/** Signs in through next-auth's credentials callback; returns the session cookie ("name=value"). */
async function signIn(email: string, password: string): Promise<string> {
  const { token, cookie } = await csrf();
  const response = await fetch(`${server.origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, password, csrfToken: token }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  expect(session, `sign-in answered ${response.status} ${response.headers.get("location")}`).toBeDefined();
  return session!.split(";")[0];
}

async function signOut(session: string): Promise<void> {
  const { token, cookie } = await csrf();
  const response = await fetch(`${server.origin}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${session}` },
    body: new URLSearchParams({ csrfToken: token }),
  });
  expect(response.status).toBe(302);
}

/** What the saved cookie still gets: the API's answer, and the console's session (null when ended). */
async function probe(session: string) {
  const api = await fetch(`${server.origin}/api/v1/memory_stores`, { headers: { cookie: session } });
  const console = await fetch(`${server.origin}/api/auth/session`, { headers: { cookie: session } });
  const body = (await console.json()) as { user?: { id?: string } } | null;
  return { api: api.status, consoleUser: body?.user?.id ?? null };
}

beforeAll(async () => {
  tenant = await createTestTenant("session-revocation");
  server = await spawnApiServer({ script: "test/integration/helpers/serve-sign-in.ts", env: { AUTH_SECRET: `session-revocation-${newId("request")}` } });
});
afterAll(async () => {
  await server?.kill("SIGKILL");
});

describe("ending console sessions", () => {
  it("a cookie saved before sign-out is refused afterwards by the API and the console", async () => {
    const { user, password } = await tenant.user("developer");
    const saved = await signIn(user.email, password);
    expect(await probe(saved)).toEqual({ api: 200, consoleUser: user.id });
    await signOut(saved);
    expect(await probe(saved)).toEqual({ api: 401, consoleUser: null });
    // Signing in again gives a new session that works.
    const fresh = await signIn(user.email, password);
    expect(await probe(fresh)).toEqual({ api: 200, consoleUser: user.id });
  });

  it("deactivation ends the member's sessions, and reactivation does not bring them back", async () => {
    const admin = await tenant.user("admin");
    const { user, password } = await tenant.user("developer");
    const saved = await signIn(user.email, password);
    await setUserActive(admin.ctx, user.id, false);
    await setUserActive(admin.ctx, user.id, true);
    expect(await probe(saved)).toEqual({ api: 401, consoleUser: null });
    expect(await probe(await signIn(user.email, password))).toEqual({ api: 200, consoleUser: user.id });
  });

  it("a role change ends the member's sessions", async () => {
    const admin = await tenant.user("admin");
    const { user, password } = await tenant.user("developer");
    const saved = await signIn(user.email, password);
    await setUserRole(admin.ctx, user.id, "viewer");
    expect(await probe(saved)).toEqual({ api: 401, consoleUser: null });
    expect(await probe(await signIn(user.email, password))).toEqual({ api: 200, consoleUser: user.id });
  });
});
