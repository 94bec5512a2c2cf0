import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oidcConfig } from "@/server/auth/oidc-config";
import { currentUser } from "@/server/auth/require-user";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth sends refused sign-ins back here with ?error=…; single sign-on refusals are AccessDenied.
const ssoErrors: Record<string, string> = {
  AccessDenied: "Single sign-on refused: your account has no Engram role, or it is deactivated.",
  Configuration: "Single sign-on failed: the identity provider could not be reached or answered unexpectedly.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentUser()) redirect("/stores");
  const { error } = await searchParams;
  const sso = oidcConfig() !== null;
  return (
    <div className="login">
      <div className="login-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            E
          </span>
          Engram
        </div>
        <h1>Sign in</h1>
        <p>Memory for your agents, with every change on the record.</p>
        <LoginForm />
        {sso ? (
          <div className="sso">
            <div className="divider">or</div>
            {error && ssoErrors[error] ? (
              <div className="alert" role="alert" data-testid="sso-error">
                {ssoErrors[error]}
              </div>
            ) : null}
            <a className="button ghost" href="/login/sso">
              Sign in with SSO
            </a>
          </div>
        ) : null}
      </div>
    </div>
  );
}
