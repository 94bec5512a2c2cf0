"use server";
import { signIn } from "@/server/auth/next-auth";
import { OIDC_PROVIDER_ID } from "@/server/auth/oidc-provider-config";

/** Starts single sign-on at the configured OpenID Connect issuer (a thrown redirect). */
export async function ssoSignInAction() {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: "/stores" });
}
