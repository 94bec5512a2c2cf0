import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcConfig, parseRoleMap, roleFromClaims } from "@/server/auth/oidc-config";
import { oidcSignIn } from "@/server/auth/oidc-sign-in";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

const env = {
  ENGRAM_OIDC_ISSUER: "http://127.0.0.1:1/",
  ENGRAM_OIDC_CLIENT_ID: "engram",
  ENGRAM_OIDC_CLIENT_SECRET: "s3cret",
  ENGRAM_OIDC_ROLE_MAP: "engram-admins=admin, engram-devs=developer,engram-compliance=compliance",
};
const config = oidcConfig(env)!;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe("OIDC configuration", () => {
  it("is off without an issuer and client id, and reads defaults", () => {
    expect(oidcConfig({})).toBeNull();
    expect(oidcConfig({ ENGRAM_OIDC_ISSUER: "http://idp" })).toBeNull();
    expect(config).toMatchObject({ roleClaim: "groups", defaultRole: null, scopes: "openid email profile", clientSecret: "s3cret" });
    expect(oidcConfig({ ...env, ENGRAM_OIDC_DEFAULT_ROLE: "viewer", ENGRAM_OIDC_ROLE_CLAIM: "roles" })).toMatchObject({
      defaultRole: "viewer",
      roleClaim: "roles",
    });
    expect(oidcConfig({ ...env, ENGRAM_OIDC_DEFAULT_ROLE: "none" })?.defaultRole).toBeNull();
  });

  it("parses the role map and rejects unknown roles", () => {
    expect(parseRoleMap("a=admin,b=viewer")).toEqual([
      ["a", "admin"],
      ["b", "viewer"],
    ]);
    expect(() => parseRoleMap("a=owner")).toThrow(/ENGRAM_OIDC_ROLE_MAP/);
    expect(() => parseRoleMap("admin")).toThrow(/ENGRAM_OIDC_ROLE_MAP/);
    expect(() => oidcConfig({ ...env, ENGRAM_OIDC_DEFAULT_ROLE: "root" })).toThrow(/ENGRAM_OIDC_DEFAULT_ROLE/);
  });

  it("maps claim values to the most privileged role, else the default, else refuses", () => {
    expect(roleFromClaims({ groups: ["engram-devs"] }, config)).toBe("developer");
    expect(roleFromClaims({ groups: ["engram-devs", "engram-admins"] }, config)).toBe("admin");
    expect(roleFromClaims({ groups: "engram-compliance other" }, config)).toBe("compliance");
    expect(roleFromClaims({ groups: ["someone-else"] }, config)).toBeNull();
    expect(roleFromClaims({}, config)).toBeNull();
    expect(roleFromClaims({ groups: 42 }, config)).toBeNull();
    expect(roleFromClaims({ groups: ["x"] }, { ...config, defaultRole: "viewer" })).toBe("viewer");
    expect(roleFromClaims({ roles: ["engram-admins"] }, { ...config, roleClaim: "roles" })).toBe("admin");
  });
});

describe("OIDC sign-in", () => {
  let api: RunningApi;
  let tenant: TestTenant;
  beforeAll(async () => {
    api = await startApiServer();
    tenant = await createTestTenant("oidc");
  });
  afterAll(() => api.close());

  it("creates the user without a password on first sign-in, updates the role on later ones, audits both", async () => {
    const email = `Sso-${unique()}@IdP.test`;
    const first = await oidcSignIn({ sub: "s1", email, email_verified: true, name: "Sso User", groups: ["engram-devs"] }, config);
    expect(first).toMatchObject({ ok: true, email: email.toLowerCase(), name: "Sso User" });
    if (!first.ok) throw new Error("unreachable");
    const { db } = await getDb();
    const created = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(created).toMatchObject({ role: "developer", passwordHash: null });
    expect(created.lastLoginAt).not.toBeNull();

    const second = await oidcSignIn({ sub: "s1", email, groups: ["engram-admins"] }, config);
    expect(second).toMatchObject({ ok: true, userId: first.userId });
    expect((await db.user.findUniqueOrThrow({ where: { id: first.userId } })).role).toBe("admin");

    const events = await db.auditEvent.findMany({ where: { targetId: first.userId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["user.created", "user.signed_in", "user.role_changed", "user.signed_in"]);
    expect(JSON.parse(events[2].data as unknown as string)).toMatchObject({ from: "developer", to: "admin", via: "oidc" });
  });

  it("refuses an unmapped user (no default role), an unverified email, a missing email and a deactivated user", async () => {
    const email = `nobody-${unique()}@idp.test`;
    expect(await oidcSignIn({ sub: "s2", email, groups: ["other"] }, config)).toMatchObject({ ok: false });
    const { db } = await getDb();
    expect(await db.user.findFirst({ where: { email } })).toBeNull();
    expect(await oidcSignIn({ sub: "s2", email, groups: ["other"] }, { ...config, defaultRole: "viewer" })).toMatchObject({ ok: true });
    expect(await oidcSignIn({ sub: "s3", email: `u-${unique()}@idp.test`, email_verified: false, groups: ["engram-admins"] }, config)).toMatchObject({
      ok: false,
    });
    expect(await oidcSignIn({ sub: "s4", groups: ["engram-admins"] }, config)).toMatchObject({ ok: false });

    const { user } = await tenant.user("developer");
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await oidcSignIn({ sub: "s5", email: user.email, groups: ["engram-admins"] }, { ...config, workspaceId: tenant.workspace.id })).toMatchObject({
      ok: false,
      reason: /deactivated/,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("developer");
  });
});

// Finding 13: emails are unique per workspace, and single sign-on lands in the workspace the
// operator configured (ENGRAM_OIDC_WORKSPACE, else the default one), never in whichever workspace
// happens to hold a user with that email.
describe("which workspace a sign-in lands in", () => {
  let home: TestTenant;
  let squatter: TestTenant;
  let api: RunningApi;

  const addMember = async (t: TestTenant, email: string, password?: string) => {
    const res = await fetch(`${api.origin}/api/v1/members`, {
      method: "POST",
      headers: { "x-api-key": t.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ email, name: "Member", role: "viewer", ...(password ? { password: { set: password } } : {}) }),
    });
    return { status: res.status, body: (await res.json()) as { id?: string; error?: { message: string } } };
  };

  beforeAll(async () => {
    api = await startApiServer();
    home = await createTestTenant("sso-home");
    squatter = await createTestTenant("sso-squatter");
  });
  afterAll(() => api.close());

  it("reads ENGRAM_OIDC_WORKSPACE", () => {
    expect(oidcConfig(env)?.workspaceId).toBeNull();
    expect(oidcConfig({ ...env, ENGRAM_OIDC_WORKSPACE: " wrkspc_x " })?.workspaceId).toBe("wrkspc_x");
  });

  it("an email taken in another workspace can be added here, and the answer does not tell", async () => {
    const email = `shared-${unique()}@corp.test`;
    expect((await addMember(home, email)).status).toBe(201);
    const again = await addMember(squatter, email);
    expect(again.status).toBe(201);
    // Within one workspace the email is still unique.
    expect((await addMember(squatter, email)).status).toBe(409);
  });

  it("a user squatting an email in another workspace does not capture that person's SSO sign-in", async () => {
    const email = `victim-${unique()}@corp.test`;
    const squatted = await addMember(squatter, email);
    expect(squatted.status).toBe(201);
    const signedIn = await oidcSignIn({ sub: "v1", email, email_verified: true, groups: ["engram-devs"] }, { ...config, workspaceId: home.workspace.id });
    expect(signedIn).toMatchObject({ ok: true });
    const { db } = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: (signedIn as { userId: string }).userId } });
    expect(user.workspaceId).toBe(home.workspace.id);
    expect(user.id).not.toBe(squatted.body.id);
    // The squatter's user is untouched (role, last sign-in).
    expect(await db.user.findUniqueOrThrow({ where: { id: squatted.body.id! } })).toMatchObject({
      workspaceId: squatter.workspace.id,
      role: "viewer",
      lastLoginAt: null,
    });
  });

  it("without ENGRAM_OIDC_WORKSPACE, SSO users are in the default workspace; a configured workspace that does not exist refuses", async () => {
    const email = `default-${unique()}@corp.test`;
    await addMember(squatter, email);
    const signedIn = await oidcSignIn({ sub: "d1", email, groups: ["engram-devs"] }, config);
    const { db } = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: (signedIn as { userId: string }).userId } });
    expect(user.workspaceId).toBe((await defaultWorkspace()).id);
    expect(await oidcSignIn({ sub: "d2", email, groups: ["engram-devs"] }, { ...config, workspaceId: "wrkspc_missing" })).toMatchObject({
      ok: false,
      reason: /workspace/,
    });
  });

  it("password sign-in: the same email in two workspaces signs in to the account whose password it is", async () => {
    const email = `twice-${unique()}@corp.test`;
    const a = await addMember(home, email, "password of home");
    const b = await addMember(squatter, email, "password of squatter");
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await verifyCredentials(email, "password of home", `t-${unique()}`)).toMatchObject({ id: a.body.id });
    expect(await verifyCredentials(email, "password of squatter", `t-${unique()}`)).toMatchObject({ id: b.body.id });
    expect(await verifyCredentials(email, "neither", `t-${unique()}`)).toBeNull();
  });
});
