import "server-only";
import { newId } from "@/lib/ids";
import type { RequestContext } from "../auth/principal";
import { config } from "../config";
import { defaultWorkspace } from "../workspaces/default-workspace";
import { ensureUser } from "./ensure-user";

/**
 * The first admin of a real install comes from ENGRAM_ADMIN_EMAIL and ENGRAM_ADMIN_PASSWORD;
 * an existing user with that email is left as it is. Returns the email, or null when unset.
 */
export async function ensureEnvAdmin(admin = config.envAdmin): Promise<string | null> {
  if (!admin) return null;
  const { email, password } = admin;
  const workspace = await defaultWorkspace();
  const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
  await ensureUser(system, { email, name: admin.name || "Administrator", role: "admin", password });
  return email;
}
