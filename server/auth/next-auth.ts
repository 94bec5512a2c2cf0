import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authSecret } from "./auth-secret";
import { oidcConfig } from "./oidc-config";
import { OIDC_PROVIDER_ID, oidcProvider } from "./oidc-provider-config";
import { oidcSignIn } from "./oidc-sign-in";
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
      authorize: async (credentials) => {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        return verifyCredentials(email, password);
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ],
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
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
