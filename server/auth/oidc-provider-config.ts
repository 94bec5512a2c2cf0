import "server-only";
import type { OIDCConfig } from "next-auth/providers";
import type { OidcConfig } from "./oidc-config";

export const OIDC_PROVIDER_ID = "oidc";

/** The next-auth provider for the configured OpenID Connect issuer (discovery from the issuer URL). */
export function oidcProvider(config: OidcConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: "SSO",
    type: "oidc",
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: config.scopes } },
    // The user id is replaced by Engram's own in the signIn callback (oidcSignIn).
    profile: (claims) => ({
      id: String(claims.sub),
      email: typeof claims.email === "string" ? claims.email : null,
      name: typeof claims.name === "string" ? claims.name : null,
    }),
  };
}
