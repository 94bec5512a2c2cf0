import { expect, test } from "./fixtures";
import { sameOrigin, seedUser, signInAs } from "./support/console-seed";

test("a viewer sees no admin, audit or redaction controls, and the API refuses them", async ({ page, fixture }) => {
  const viewer = seedUser("viewer");
  await signInAs(page, viewer);
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Stores", "Sessions", "Search"]);

  for (const [path, heading, notice] of [
    ["/admin", "Admin", "Admins only"],
    ["/compliance", "Compliance", "Not available for your role"],
    ["/audit", "Audit log", "Not available for your role"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(page.getByRole("status").getByRole("heading", { name: notice })).toBeVisible();
    for (const control of [
      "Add member",
      "Create agent",
      "Create key",
      "Create store",
      "Revoke",
      "Deactivate",
      "Search",
      "Dry run",
      "Redact…",
      "Verify chain",
      "Export CSV",
    ]) {
      // In the page itself: the navigation's "Search" (current files, open to viewers) is not compliance's history search.
      const main = page.getByRole("main");
      await expect(main.getByRole("button", { name: control, exact: true }).or(main.getByRole("link", { name: control, exact: true }))).toHaveCount(0);
    }
  }

  // Tried anyway, through the console session: refused.
  const headers = sameOrigin(page);
  const refusals: [string, string, unknown?][] = [
    ["GET", "/api/v1/members"],
    ["POST", "/api/v1/members", { email: "x@example.test", name: "X", role: "admin" }],
    ["POST", `/api/v1/members/${viewer.userId}/role`, { role: "admin" }],
    ["POST", "/api/v1/agents", { name: "sneaky" }],
    ["POST", "/api/v1/api_keys", { name: "sneaky", kind: "admin" }],
    ["GET", "/api/v1/grants"],
    ["POST", `/api/v1/memory_stores/${fixture.storeId}/grants`, { agent_id: null, access: "read_write" }],
    ["POST", "/api/v1/memory_stores", { name: "sneaky" }],
    ["POST", `/api/v1/memory_stores/${fixture.storeId}/archive`, {}],
    ["DELETE", `/api/v1/memory_stores/${fixture.storeId}`],
    ["POST", `/api/v1/memory_stores/${fixture.storeId}/memories`, { path: "/x.md", content: "x" }],
    ["POST", "/api/v1/redaction/search", { query: "E2E" }],
    ["POST", "/api/v1/redaction/redact", { mode: "text", query: "E2E", reason: "no", dry_run: true }],
    ["GET", "/api/v1/audit_events"],
    ["POST", "/api/v1/audit_events/verify", {}],
    ["GET", "/api/v1/audit_events/export?format=csv"],
  ];
  for (const [method, path, data] of refusals) {
    const response = await page.request.fetch(path, { method, headers, data });
    expect(response.status(), `${method} ${path}`).toBe(403);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("permission_error");
  }
  // What a viewer may do still works.
  expect((await page.request.get(`/api/v1/memory_stores/${fixture.storeId}/memories`)).status()).toBe(200);
});
