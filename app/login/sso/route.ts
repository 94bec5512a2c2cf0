import { afterSignIn } from "@/lib/return-path";
import { signIn } from "@/server/auth/next-auth";
import { oidcConfig } from "@/server/auth/oidc-config";
import { OIDC_PROVIDER_ID } from "@/server/auth/oidc-provider-config";

// A link, not a second submit button beside the password form's. Starting single sign-on from a
// GET cannot sign anyone in by itself: the identity provider authenticates, and state, PKCE and
// nonce bind the callback to this browser.
export async function GET(request: Request) {
  if (!oidcConfig()) return new Response("Single sign-on is not configured.", { status: 404 });
  await signIn(OIDC_PROVIDER_ID, { redirectTo: afterSignIn(new URL(request.url).searchParams.get("next")) });
  return new Response(null, { status: 204 });
}
