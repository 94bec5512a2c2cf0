import "server-only";
import { mulberry32 } from "@/lib/mulberry32";
import { retimeMemories, retimeSession } from "./retime-session";
import { newId } from "@/lib/ids";
import { createAgent } from "../agents/create-agent";
import { createApiKey } from "../api-keys/create-api-key";
import type { ApiKeyPrincipal, RequestContext } from "../auth/principal";
import { config } from "../config";
import { getDb } from "../db/client";
import { setGrant } from "../grants/set-grant";
import { written } from "../proposals/record-proposals";
import { createMemory } from "../memory/create-memory";
import { deleteMemory } from "../memory/delete-memory";
import { getMemory } from "../memory/get-memory";
import { updateMemory } from "../memory/update-memory";
import { createSession } from "../sessions/create-session";
import { endSession } from "../sessions/end-session";
import { createStore } from "../stores/create-store";
import { ensureUser } from "../users/ensure-user";
import { defaultWorkspace } from "../workspaces/default-workspace";
import {
  codingPlaybook,
  DEMO_MARKER,
  demoAgents,
  demoStores,
  demoUsers,
  deployNoteFixed,
  deployNoteWithLeak,
  inboxPlaybook,
  policyFiles,
  preferenceSteps,
  researchPlaybook,
  sessionTitles,
  type Preferences,
} from "./demo-content";

const SESSIONS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The demo sign-in password: ENGRAM_DEMO_PASSWORD, or a fixed one that `npm start` prints. */
export const demoPassword = () => config.demoPassword;
export const demoAdminEmail = demoUsers[0].email;

type AgentKind = keyof typeof demoAgents;

/**
 * Builds the demo workspace through the domain layer, so every version has its audit event.
 * Idempotent: a store carrying the demo marker means it was seeded already.
 */
export async function seedDemo(): Promise<string> {
  const workspace = await defaultWorkspace("Acme Robotics");
  const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
  const { db } = await getDb();
  const stores = await db.store.findMany({ where: { workspaceId: workspace.id, name: demoStores.policies.name } });
  if (stores.some((store) => JSON.parse(store.metadata).engram_demo === "true")) return "Demo workspace already present; nothing to do.";

  const policies = await createStore(system, { ...demoStores.policies, metadata: { ...DEMO_MARKER, scope: "organisation" } });
  const maya = await createStore(system, { ...demoStores.maya, metadata: { owner: "maya.chen@acme.example", scope: "personal" } });
  const raj = await createStore(system, { ...demoStores.raj, metadata: { owner: "raj.patel@acme.example", scope: "personal" } });

  const storeOf: Record<AgentKind, string> = { research: maya.id, inbox: maya.id, coding: raj.id };
  const principals = {} as Record<AgentKind, ApiKeyPrincipal>;
  await setGrant(system, { storeId: policies.id, agentId: null, access: "read_only" });
  for (const kind of Object.keys(demoAgents) as AgentKind[]) {
    const agent = await createAgent(system, demoAgents[kind]);
    await setGrant(system, { storeId: storeOf[kind], agentId: agent.id, access: "read_write" });
    const { key } = await createApiKey(system, { name: `${agent.name} key`, kind: "agent", agentId: agent.id });
    principals[kind] = { type: "api_key", workspaceId: workspace.id, apiKeyId: key.id, keyKind: "agent", agentId: agent.id, sessionId: null };
  }

  const users = [];
  for (const user of demoUsers) users.push(await ensureUser(system, { ...user, password: demoPassword() }));
  const admin = users[0];
  const adminCtx: RequestContext = {
    principal: { type: "user", workspaceId: workspace.id, userId: admin.id, role: "admin", email: admin.email, name: admin.name },
    requestId: newId("request"),
  };

  const writer = new MemoryWriter();
  for (const [path, parts] of Object.entries(policyFiles)) {
    let content = "";
    for (const part of parts) {
      content += part;
      await writer.write(adminCtx, policies.id, path, content);
    }
  }

  const random = mulberry32(42);
  const playbooks = { research: researchPlaybook, inbox: inboxPlaybook, coding: codingPlaybook };
  const progress = { research: new Map<string, number>(), inbox: new Map<string, number>(), coding: new Map<string, number>() };
  const prefs = {
    research: { step: 0, value: {} as Preferences },
    inbox: { step: 0, value: {} as Preferences },
    coding: { step: 0, value: {} as Preferences },
  };
  const seen = { research: 0, inbox: 0, coding: 0 };
  const policyPaths = Object.keys(policyFiles);
  const start = Date.now() - 14 * DAY_MS;

  for (let i = 0; i < SESSIONS; i++) {
    const kind: AgentKind = i % 5 === 4 ? "inbox" : i % 2 === 0 ? "research" : "coding";
    const nth = seen[kind]++;
    const titles = sessionTitles[kind];
    const title = titles[nth % titles.length];
    const startedAt = new Date(start + (i + 0.2 + random() * 0.6) * ((14 * DAY_MS) / SESSIONS));
    const last = i === SESSIONS - 1;
    const endedAt = last ? null : new Date(startedAt.getTime() + (5 + Math.floor(random() * 40)) * 60_000);
    const agentCtx: RequestContext = { principal: principals[kind], requestId: newId("request") };
    const { id: sessionId } = await createSession(agentCtx, { title, externalId: `run-${String(i + 1).padStart(3, "0")}` }, { at: startedAt });
    const ctx: RequestContext = { principal: { ...principals[kind], sessionId }, requestId: newId("request") };
    const storeId = storeOf[kind];

    const day = startedAt.toISOString().slice(0, 10);
    const journalPath = `/journal/${day}-${slug(title)}.md`;
    let journal = `# ${title}\n\nSession ${sessionId}, started ${startedAt.toISOString()}.\n\n## Progress\n`;
    await writer.write(ctx, storeId, journalPath, journal);

    // Agents read the org policies before they write.
    for (const path of [policyPaths[i % policyPaths.length], policyPaths[(i + 1) % policyPaths.length]]) {
      await getMemory(ctx, policies.id, writer.idOf(policies.id, path), { recordRead: true });
      journal += `- Read policies${path}\n`;
    }
    await writer.write(ctx, storeId, journalPath, journal);

    const appends = 3 + Math.floor(random() * 3);
    for (let n = 0; n < appends; n++) {
      const file = nextPlaybookLine(playbooks[kind], progress[kind], random);
      if (!file) break;
      const current = writer.contentOf(storeId, file.path) ?? file.header;
      await writer.write(ctx, storeId, file.path, `${current}${file.line}\n`);
      journal += `- Updated ${file.path}\n`;
      await writer.write(ctx, storeId, journalPath, journal);
    }

    const steps = preferenceSteps[kind];
    if (prefs[kind].step < steps.length && (nth === 0 || random() < 0.5)) {
      prefs[kind].value = steps[prefs[kind].step++](prefs[kind].value);
      await writer.write(ctx, storeId, "/preferences.json", `${JSON.stringify(prefs[kind].value, null, 2)}\n`);
      journal += "- Adjusted /preferences.json\n";
    }

    await scriptedEvents(writer, ctx, storeId, kind, nth);
    journal += last ? "\n## Status\nIn progress.\n" : `\n## Outcome\nDone at ${endedAt!.toISOString()}.\n`;
    await writer.write(ctx, storeId, journalPath, journal);
    await retimeSession(workspace.id, sessionId, startedAt, endedAt ?? new Date());
    if (endedAt) await endSession(ctx, sessionId, { at: endedAt });
  }
  await retimeMemories(workspace.id);

  const versions = await db.memoryVersion.count({ where: { workspaceId: workspace.id } });
  return `Seeded demo workspace "${workspace.name}": 3 stores, 3 agents, ${SESSIONS} sessions, ${versions} versions, ${users.length} users.`;
}

/** One-off moments the demo needs: a leaked key and its later fix, a rename, a deletion. */
async function scriptedEvents(writer: MemoryWriter, ctx: RequestContext, storeId: string, kind: AgentKind, nth: number) {
  const deployNotes = "/projects/billing-service/deploy-notes.md";
  if (kind === "coding" && nth === 1) await writer.write(ctx, storeId, deployNotes, deployNoteWithLeak);
  if (kind === "coding" && nth === 4) await writer.write(ctx, storeId, deployNotes, deployNoteFixed);
  if (kind === "research" && nth === 7 && writer.contentOf(storeId, "/notes/reading-list.md") !== undefined) {
    await writer.rename(ctx, storeId, "/notes/reading-list.md", "/notes/reading/reading-list.md");
  }
  if (kind === "inbox" && nth === 1) await writer.write(ctx, storeId, "/inbox/scratch.md", "Draft reply to Lumen — check dates with Maya first.\n");
  if (kind === "inbox" && nth === 3) await writer.remove(ctx, storeId, "/inbox/scratch.md");
}

function nextPlaybookLine(playbook: { path: string; header: string; lines: string[] }[], used: Map<string, number>, random: () => number) {
  const open = playbook.filter((file) => (used.get(file.path) ?? 0) < file.lines.length);
  if (open.length === 0) return null;
  const file = open[Math.floor(random() * open.length)];
  const index = used.get(file.path) ?? 0;
  used.set(file.path, index + 1);
  return { path: file.path, header: file.header, line: file.lines[index] };
}

/** Creates or updates memories by path, remembering ids and heads so the seed needs no reads. */
class MemoryWriter {
  private readonly memories = new Map<string, { id: string; content: string }>();

  idOf(storeId: string, path: string): string {
    const memory = this.memories.get(`${storeId}:${path}`);
    if (!memory) throw new Error(`seed: no memory at ${path}`);
    return memory.id;
  }

  contentOf(storeId: string, path: string): string | undefined {
    return this.memories.get(`${storeId}:${path}`)?.content;
  }

  async write(ctx: RequestContext, storeId: string, path: string, content: string) {
    const key = `${storeId}:${path}`;
    const existing = this.memories.get(key);
    if (!existing) {
      const { memory } = written(await createMemory(ctx, storeId, { path, content }));
      this.memories.set(key, { id: memory.id, content });
      return;
    }
    await updateMemory(ctx, storeId, existing.id, { content });
    existing.content = content;
  }

  async rename(ctx: RequestContext, storeId: string, from: string, to: string) {
    const memory = this.memories.get(`${storeId}:${from}`);
    if (!memory) return;
    await updateMemory(ctx, storeId, memory.id, { path: to });
    this.memories.delete(`${storeId}:${from}`);
    this.memories.set(`${storeId}:${to}`, memory);
  }

  async remove(ctx: RequestContext, storeId: string, path: string) {
    const memory = this.memories.get(`${storeId}:${path}`);
    if (!memory) return;
    await deleteMemory(ctx, storeId, memory.id);
    this.memories.delete(`${storeId}:${path}`);
  }
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
