import "server-only";
import { newId } from "@/lib/ids";
import type { RequestContext } from "../auth/principal";
import { defaultWorkspace } from "../workspaces/default-workspace";
import { ensureUser } from "./ensure-user";

/**
 * The first admin of a real install comes from ENGRAM_ADMIN_EMAIL and ENGRAM_ADMIN_PASSWORD;
 * an existing user with that email is left as it is. Returns the email, or null when unset.
 */
export async function ensureEnvAdmin(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const email = env.ENGRAM_ADMIN_EMAIL?.trim();
  const password = env.ENGRAM_ADMIN_PASSWORD;
  if (!email || !password) return null;
  const workspace = await defaultWorkspace();
  const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
  await ensureUser(system, { email, name: env.ENGRAM_ADMIN_NAME?.trim() || "Administrator", role: "admin", password });
  return email;
}
