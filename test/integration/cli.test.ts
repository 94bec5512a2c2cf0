// Issue 17 item 5: the operator CLI, run as a child process against the test run's database.
// Every command answers --help (exit 0, its usage on stdout), takes --json, refuses unknown
// options with its usage (exit 2), and the new store/agent/grant/webhook commands do what the
// API would (checked through the domain layer in this process).
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import type { RequestContext } from "@/server/auth/principal";
import { listStoreGrants } from "@/server/grants/list-store-grants";
import { listStores } from "@/server/stores/list-stores";
import { defaultWorkspace } from "@/server/workspaces/default-workspace";
import { cli } from "./helpers/cli";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";
import { startReceiver, type Receiver } from "./helpers/webhook-receiver";

const env = { ENGRAM_WEBHOOK_ALLOW_PRIVATE: "1", AUTH_SECRET: "cli-test-auth-secret-0123456789abcdef", ENGRAM_WEBHOOK_POLL_MS: "100" };

const engram = (...args: string[]) => cli(args, env);
const json = async <T>(...args: string[]): Promise<T> => {
  const run = await engram(...args, "--json");
  expect({ args, code: run.code, stderr: run.code === 0 ? "" : run.stderr }).toEqual({ args, code: 0, stderr: "" });
  return JSON.parse(run.stdout) as T;
};

let ctx: RequestContext;
const tag = Date.now().toString(36);

beforeAll(async () => {
  const workspace = await defaultWorkspace();
  ctx = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
});

describe("operator CLI", () => {
  it("answers --help on every command with its usage, and refuses unknown options with it", { timeout: 240_000 }, async () => {
    const commands = [
      "migrate",
      "seed",
      "store list",
      "store create",
      "store archive",
      "agent create",
      "grant set",
      "webhook create",
      "webhook list",
      "webhook test",
      "api-key create",
      "audit verify",
      "audit checkpoint",
      "redaction verify",
      "export",
      "import",
      "mount",
    ];
    for (let i = 0; i < commands.length; i += 3) {
      await Promise.all(
        commands.slice(i, i + 3).map(async (command) => {
          const run = await engram(...command.split(" "), "--help");
          expect({ command, code: run.code, usage: run.stdout.startsWith(`Usage: npm run cli -- ${command}`) }).toEqual({ command, code: 0, usage: true });
        }),
      );
    }
    const wrong = await engram("store", "list", "--bogus");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--bogus'");
    expect(wrong.stderr).toContain("Usage: npm run cli -- store list");
    const missing = await engram("store", "create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--name is required");
    const overview = await engram("--help");
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain("webhook create --url URL");
  });

  it("creates, lists and archives stores; creates an agent; sets and removes a grant", { timeout: 120_000 }, async () => {
    const name = `cli-store-${tag}`;
    const created = await json<{ id: string; name: string; archived_at: string | null }>("store", "create", "--name", name, "--description", "from the CLI");
    expect(created).toMatchObject({ name, archived_at: null });
    const listed = await json<{ id: string }[]>("store", "list");
    expect(listed.map((s) => s.id)).toContain(created.id);
    const human = await engram("store", "list");
    expect(human.stdout).toContain(`${created.id}  ${name}`);

    const agent = await json<{ id: string; name: string }>("agent", "create", "--name", `cli-agent-${tag}`);
    expect(agent.id).toMatch(/^agent_/);
    const grant = await json<{ access: string | null }>("grant", "set", "--store", name, "--agent", agent.name, "--access", "read_write");
    expect(grant).toEqual({ memory_store_id: created.id, agent_id: agent.id, access: "read_write" });
    expect((await listStoreGrants(ctx, created.id, { limit: 100 })).data).toEqual(
      expect.arrayContaining([expect.objectContaining({ agent_id: agent.id, access: "read_write" })]),
    );
    await json("grant", "set", "--store", created.id, "--agent", agent.id, "--access", "none");
    expect((await listStoreGrants(ctx, created.id, { limit: 100 })).data.some((g: { agent_id: string | null }) => g.agent_id === agent.id)).toBe(false);
    const bad = await engram("grant", "set", "--store", name, "--agent", agent.id, "--access", "admin");
    expect(bad.code).toBe(2);

    const archived = await json<{ id: string; archived_at: string | null }>("store", "archive", name);
    expect(archived.archived_at).toEqual(expect.any(String));
    const live = await listStores(ctx, { limit: 100, includeArchived: false });
    expect(live.data.map((s) => s.id)).not.toContain(created.id);
    expect((await json<{ id: string }[]>("store", "list", "--archived")).map((s) => s.id)).toContain(created.id);
    expect((await engram("store", "archive", `no-such-store-${tag}`)).code).toBe(1);

    const key = await json<{ key: string; kind: string }>("api-key", "create", "--name", `cli key ${tag}`, "--agent", agent.id);
    expect(key).toMatchObject({ kind: "agent", key: expect.stringMatching(/^egk_/) });
    expect((await json<{ applied: string[] }>("migrate")).applied).toEqual([]);
  });

  describe("webhooks, with a server running", () => {
    let server: SpawnedApi;
    let receiver: Receiver;
    beforeAll(async () => {
      receiver = await startReceiver();
      server = await spawnApiServer({ env });
    });
    afterAll(async () => {
      await server?.kill("SIGTERM");
      await receiver?.close();
    });

    it("creates one (secret shown once), lists it, and a test delivery arrives signed with that secret", { timeout: 120_000 }, async () => {
      const hook = await json<{ id: string; secret: string; events: string[] }>(
        "webhook",
        "create",
        "--url",
        receiver.url("/cli"),
        "--events",
        "memory_store.created,memory.created",
        "--description",
        "cli test",
      );
      expect(hook.secret).toMatch(/^whsec_/);
      expect(hook.events).toEqual(["memory_store.created", "memory.created"]);
      const listed = await json<{ id: string; secret?: string }[]>("webhook", "list");
      expect(listed.find((h) => h.id === hook.id)).toBeDefined();
      expect(listed.find((h) => h.id === hook.id)).not.toHaveProperty("secret");
      expect((await engram("webhook", "create", "--url", receiver.url("/cli"), "--events", "memory.exploded")).code).toBe(2);

      const tested = await json<{ status: string; response_status_code: number; event_type: string }>("webhook", "test", hook.id, "--wait", "30");
      expect(tested).toMatchObject({ status: "succeeded", response_status_code: 200, event_type: "webhook.test" });
      const got = receiver.received.find((r) => r.path === "/cli")!;
      expect(
        new Webhook(hook.secret).verify(got.body, {
          "webhook-id": String(got.headers["webhook-id"]),
          "webhook-timestamp": String(got.headers["webhook-timestamp"]),
          "webhook-signature": String(got.headers["webhook-signature"]),
        }),
      ).toMatchObject({ type: "event", data: { id: hook.id, type: "webhook.test" } });
      const human = await engram("webhook", "list");
      expect(human.stdout).toContain(`${hook.id}  enabled  ${receiver.url("/cli")}`);
    });
  });
});
