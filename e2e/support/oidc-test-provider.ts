import type { Server } from "node:http";
import Provider from "oidc-provider";

export type TestIdp = { issuer: string; setGroups: (login: string, groups: string[]) => void; close: () => Promise<void> };

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 with one confidential
 * client for Engram. Its built-in development login page accepts any login name; the account's
 * email is `<login>@idp.test` and its groups are whatever the test set for that login.
 */
export async function startTestIdp(options: { port: number; clientId: string; clientSecret: string; redirectUri: string }): Promise<TestIdp> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const groups = new Map<string, string[]>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Put the scopes' claims in the ID token itself, which is what Engram reads.
    conformIdTokenClaims: false,
    cookies: { keys: ["engram-e2e-idp-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@idp.test`, email_verified: true, name: `SSO ${sub}`, groups: groups.get(sub) ?? [] }),
    }),
  });
  provider.on("grant.error", (_ctx, error) => console.error("[test idp] grant.error", error, (error as { error_detail?: string }).error_detail));
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(options.port, "127.0.0.1", () => resolve(listening));
  });
  return {
    issuer,
    setGroups: (login, list) => groups.set(login, list),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
