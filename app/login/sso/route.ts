import { signIn } from "@/server/auth/next-auth";
import { oidcConfig } from "@/server/auth/oidc-config";
import { OIDC_PROVIDER_ID } from "@/server/auth/oidc-provider-config";

// A link, not a second submit button beside the password form's. Starting single sign-on from a
// GET cannot sign anyone in by itself: the identity provider authenticates, and state, PKCE and
// nonce bind the callback to this browser.
export async function GET() {
  if (!oidcConfig()) return new Response("Single sign-on is not configured.", { status: 404 });
  await signIn(OIDC_PROVIDER_ID, { redirectTo: "/stores" });
  return new Response(null, { status: 204 });
}
