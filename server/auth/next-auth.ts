import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { clientAddressOf } from "../http/client-address";
import { authSecret } from "./auth-secret";
import { oidcConfig } from "./oidc-config";
import { OIDC_PROVIDER_ID, oidcProvider } from "./oidc-provider-config";
import { oidcSignIn } from "./oidc-sign-in";
import { currentSessionVersion, signedOut } from "./sign-out";
import { tokenSessionVersion } from "./user-principal";
import { verifyCredentials } from "./verify-credentials";

const oidc = oidcConfig();

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  // Refused or failed sign-ins (e.g. single sign-on without a mapped role) come back to /login?error=….
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, request) => {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        return verifyCredentials(email, password, clientAddressOf(request?.headers));
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ],
  events: {
    // The token is decoded from the cookie being cleared: end it (and the user's other sessions) server-side.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.uid === "string") await signedOut(token.uid, tokenSessionVersion(token));
    },
  },
  callbacks: {
    // Single sign-on: create or update the Engram user from the ID token's claims, and carry
    // Engram's user id (not the issuer's subject) into the session token.
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      if (!oidc || !profile) return false;
      const result = await oidcSignIn(profile as Record<string, unknown>, oidc);
      if (!result.ok) return false;
      user.id = result.userId;
      user.email = result.email;
      user.name = result.name;
      return true;
    },
    // Every session check (each page's auth(), /api/auth/session) compares the token's session
    // version with the database's: sign-out, deactivation and role changes end sessions at once.
    async jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = (await currentSessionVersion(user.id)) ?? 0;
        return token;
      }
      if (typeof token.uid !== "string") return null;
      return (await currentSessionVersion(token.uid)) === tokenSessionVersion(token) ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
