import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { sessionCookieName } from "@/server/auth/session-cookie";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { sessionToken } from "./helpers/principals";
import type { WireMember } from "@/server/api/routes/members";
import { rest, type Reply } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;

type Member = WireMember & { initial_password?: string | null };

/** As an API key or a console session (its cookie, and the same-origin header a browser sends on writes). */
const call = (method: string, path: string, auth: { key?: string; cookie?: string }, body?: unknown) =>
  rest(api.origin, auth.key, method, path, body, auth.cookie ? { cookie: auth.cookie, ...(method === "GET" ? {} : { origin: api.origin }) } : {});

const cookieFor = async (userId: string) => `${sessionCookieName(false)}=${await sessionToken(userId)}`;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("members");
  other = await createTestTenant("members-other");
});
afterAll(() => api.close());

describe("members API", () => {
  it("finds members by part of their email or name, in any case, a page at a time, and only in its workspace", async () => {
    const tag = unique();
    const add = (email: string, name: string, t: TestTenant = tenant) =>
      call("POST", "/members", { key: t.adminKey }, { email, name, role: "viewer", password: "none" });
    await add(`ada-${tag}@members.test`, `Ada Lovelace ${tag}`);
    await add(`grace-${tag}@members.test`, `Grace Hopper`);
    await add(`linus-${tag}@members.test`, `Linus ${tag.toUpperCase()}`);
    await add(`ada-${tag}@elsewhere.test`, `Ada Elsewhere ${tag}`, other);
    const find = async (q: string, page?: string) => {
      const reply = await call("GET", `/members?limit=2&q=${encodeURIComponent(q)}${page ? `&page=${page}` : ""}`, { key: tenant.adminKey });
      expect(reply.status).toBe(200);
      return reply.body as { data: Member[]; next_page: string | null };
    };
    // By email, by name, in any case; the other workspace's Ada is not listed.
    expect((await find(`ADA-${tag}`)).data.map((m) => m.email)).toEqual([`ada-${tag}@members.test`]);
    expect((await find("grace HOPPER")).data.map((m) => m.name)).toEqual(["Grace Hopper"]);
    // The tag is in Ada's email and name, Grace's email and Linus's email and (upper-cased) name: three, over two pages.
    const first = await find(tag);
    expect(first.data).toHaveLength(2);
    expect(first.next_page).not.toBeNull();
    const second = await find(tag, first.next_page!);
    expect([...first.data, ...second.data].map((m) => m.email)).toEqual([`ada-${tag}@members.test`, `grace-${tag}@members.test`, `linus-${tag}@members.test`]);
    expect(second.next_page).toBeNull();
    expect((await find(`nobody-${tag}`)).data).toEqual([]);
  });

  it("an admin adds members with a generated, a chosen or no password; the generated one is shown once and works", async () => {
    const email = `gen-${unique()}@members.test`;
    const created = await call("POST", "/members", { key: tenant.adminKey }, { email, name: "Gen", role: "developer" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: "member", email, role: "developer", has_password: true, deactivated_at: null });
    expect(created.body.initial_password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await verifyCredentials(email, created.body.initial_password, `t-${unique()}`)).toMatchObject({ email });

    const chosen = await call(
      "POST",
      "/members",
      { key: tenant.adminKey },
      { email: `set-${unique()}@members.test`, name: "Set", role: "viewer", password: { set: "correct horse battery" } },
    );
    expect(chosen.status).toBe(201);
    expect(chosen.body.initial_password).toBeNull();

    const sso = await call(
      "POST",
      "/members",
      { key: tenant.adminKey },
      { email: `sso-${unique()}@members.test`, name: "SSO", role: "compliance", password: "none" },
    );
    expect(sso.body).toMatchObject({ has_password: false, initial_password: null });

    const list = await call("GET", "/members", { key: tenant.adminKey });
    expect(list.status).toBe(200);
    const emails = (list.body.data as Member[]).map((m) => m.email);
    expect(emails).toEqual(expect.arrayContaining([email, chosen.body.email, sso.body.email]));
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password_hash|initial_password/);
    // Another workspace sees none of them.
    const foreign = await call("GET", "/members", { key: other.adminKey });
    expect((foreign.body.data as Member[]).map((m) => m.email)).not.toContain(email);
  });

  it("lists members oldest first in cursor pages: every member once, none of another workspace", async () => {
    const added: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await call("POST", "/members", { key: tenant.adminKey }, { email: `page-${i}-${unique()}@members.test`, name: `P${i}`, role: "viewer" });
      added.push(created.body.id);
    }
    const seen: string[] = [];
    let page: string | null = null;
    let pages = 0;
    do {
      const reply: Reply = await call("GET", `/members?limit=2${page ? `&page=${page}` : ""}`, { key: tenant.adminKey });
      expect(reply.status).toBe(200);
      expect(reply.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...(reply.body.data as Member[]).map((m) => m.id));
      page = reply.body.next_page;
      pages++;
    } while (page);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen.slice(-5)).toEqual(added);
    const all = await call("GET", "/members?limit=100", { key: tenant.adminKey });
    expect((all.body.data as Member[]).map((m) => m.id)).toEqual(seen);
    expect((await call("GET", "/members?page=bogus", { key: tenant.adminKey })).status).toBe(400);
  });

  it("refuses bad input and duplicate emails with the error envelope", async () => {
    const email = `dup-${unique()}@members.test`;
    expect((await call("POST", "/members", { key: tenant.adminKey }, { email, name: "A", role: "viewer" })).status).toBe(201);
    const dup = await call("POST", "/members", { key: tenant.adminKey }, { email, name: "B", role: "viewer" });
    expect(dup).toMatchObject({ status: 409, body: { type: "error", error: { type: "conflict_error" } } });
    expect((await call("POST", "/members", { key: tenant.adminKey }, { email: "not-an-email", name: "A", role: "viewer" })).status).toBe(400);
    expect((await call("POST", "/members", { key: tenant.adminKey }, { email: `r-${unique()}@m.test`, name: "A", role: "owner" })).status).toBe(400);
    expect(
      (await call("POST", "/members", { key: tenant.adminKey }, { email: `p-${unique()}@m.test`, name: "A", role: "viewer", password: { set: "short" } }))
        .status,
    ).toBe(400);
  });

  it("only members:manage may manage members: other roles and agent keys get 403", async () => {
    for (const role of ["developer", "compliance", "viewer"] as const) {
      const { user } = await tenant.user(role);
      const cookie = await cookieFor(user.id);
      expect((await call("GET", "/members", { cookie })).status).toBe(403);
      expect((await call("POST", "/members", { cookie }, { email: `x-${unique()}@m.test`, name: "X", role: "admin" })).status).toBe(403);
      expect((await call("POST", `/members/${user.id}/role`, { cookie }, { role: "admin" })).status).toBe(403);
    }
    expect((await call("GET", "/members", { key: tenant.agentKey })).status).toBe(403);
    expect((await call("GET", "/members", {})).status).toBe(401);
  });

  it("changes roles (effective on the next request) and records the change in the audit log", async () => {
    const { user } = await tenant.user("viewer");
    const cookie = await cookieFor(user.id);
    expect((await call("GET", "/members", { cookie })).status).toBe(403);
    const changed = await call("POST", `/members/${user.id}/role`, { key: tenant.adminKey }, { role: "admin" });
    expect(changed).toMatchObject({ status: 200, body: { id: user.id, role: "admin" } });
    // The change ends the member's sessions; a new one has the new role.
    expect((await call("GET", "/members", { cookie })).status).toBe(401);
    expect((await call("GET", "/members", { cookie: await cookieFor(user.id) })).status).toBe(200);
    const events = await call("GET", `/audit_events?action=user.role_changed&limit=100`, { key: tenant.adminKey });
    expect(events.body.data.find((e: any) => e.target?.id === user.id)?.data).toMatchObject({ from: "viewer", to: "admin" });
    // Another workspace's member is not found.
    expect((await call("POST", `/members/${user.id}/role`, { key: other.adminKey }, { role: "viewer" })).status).toBe(404);
    await call("POST", `/members/${user.id}/role`, { key: tenant.adminKey }, { role: "viewer" });
  });

  it("a deactivated member is refused at once, on the API and at sign-in; reactivation allows a new sign-in, not the old session", async () => {
    const { user, password } = await tenant.user("admin");
    const cookie = await cookieFor(user.id);
    expect((await call("GET", "/members", { cookie })).status).toBe(200);
    const off = await call("POST", `/members/${user.id}/deactivate`, { key: tenant.adminKey });
    expect(off.status).toBe(200);
    expect(off.body.deactivated_at).not.toBeNull();
    expect((await call("GET", "/memory_stores", { cookie })).status).toBe(401);
    expect(await verifyCredentials(user.email, password, `t-${unique()}`)).toBeNull();
    const on = await call("POST", `/members/${user.id}/reactivate`, { key: tenant.adminKey });
    expect(on.body.deactivated_at).toBeNull();
    expect((await call("GET", "/members", { cookie })).status).toBe(401);
    expect((await call("GET", "/members", { cookie: await cookieFor(user.id) })).status).toBe(200);
    const actions = (await call("GET", `/audit_events?limit=100`, { key: tenant.adminKey })).body.data
      .filter((e: any) => e.target?.id === user.id)
      .map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.deactivated", "user.reactivated"]));
  });

  it("the last active admin can be neither demoted nor deactivated", async () => {
    const lone = await createTestTenant("members-lone");
    const { user: admin } = await lone.user("admin");
    const cookie = await cookieFor(admin.id);
    const demote = await call("POST", `/members/${admin.id}/role`, { cookie }, { role: "viewer" });
    expect(demote).toMatchObject({ status: 400, body: { error: { type: "invalid_request_error" } } });
    expect(demote.body.error.message).toMatch(/last active admin/);
    expect((await call("POST", `/members/${admin.id}/deactivate`, { cookie })).status).toBe(400);
    // With a second active admin, the first may step down.
    const { user: second } = await lone.user("admin");
    expect((await call("POST", `/members/${admin.id}/role`, { cookie }, { role: "developer" })).status).toBe(200);
    // A deactivated admin does not count.
    expect((await call("POST", `/members/${second.id}/deactivate`, { key: lone.adminKey })).status).toBe(400);
  });
});
