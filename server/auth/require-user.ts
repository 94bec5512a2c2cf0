import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { newId } from "@/lib/ids";
import { loginUrl, RETURN_TO_HEADER } from "@/lib/return-path";
import { auth } from "./next-auth";
import type { RequestContext, UserPrincipal } from "./principal";
import { userPrincipalById } from "./user-principal";

/**
 * The signed-in, active user of a console page, or a redirect to /login?next=<this page>. Every page
 * calls it itself: a deactivated user or a forged cookie is stopped here, not only in a proxy.
 */
export async function requireUser(): Promise<{ user: UserPrincipal; ctx: RequestContext }> {
  const session = await auth();
  const user = session?.user?.id ? await userPrincipalById(session.user.id) : null;
  if (!user) redirect(loginUrl((await headers()).get(RETURN_TO_HEADER)));
  return { user, ctx: { principal: user, requestId: newId("request") } };
}

/** The signed-in user, or null, for pages such as /login that also serve signed-out visitors. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const session = await auth();
  return session?.user?.id ? userPrincipalById(session.user.id) : null;
}
