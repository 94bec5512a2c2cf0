import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Brand } from "@/components/shell/brand";
import { ErrorAlert } from "@/components/ui/error-alert";
import { afterSignIn, safeReturnPath } from "@/lib/return-path";
import { oidcConfig } from "@/server/auth/oidc-config";
import { currentUser } from "@/server/auth/require-user";
import styles from "./login.module.css";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth sends refused sign-ins back here with ?error=…; single sign-on refusals are AccessDenied.
const ssoErrors: Record<string, string> = {
  AccessDenied: "Single sign-on refused: your account has no Engram role, or it is deactivated.",
  Configuration: "Single sign-on failed: the identity provider could not be reached or answered unexpectedly.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string }> }) {
  const { error, next } = await searchParams;
  if (await currentUser()) redirect(afterSignIn(next));
  const returnTo = safeReturnPath(next);
  const sso = oidcConfig() !== null;
  return (
    <div className={styles.page}>
      <div className={styles.card}>
        <Brand onPage />
        <h1>Sign in</h1>
        <p>Memory for your agents, with every change on the record.</p>
        <LoginForm next={returnTo} />
        {sso ? (
          <>
            <div className={styles.divider}>or</div>
            <ErrorAlert error={error ? ssoErrors[error] : null} testId="sso-error" />
            {/* A full navigation on purpose: /login/sso is a route handler that redirects to the identity provider (a Link would prefetch it). */}
            <a className="button ghost" href={returnTo ? `/login/sso?next=${encodeURIComponent(returnTo)}` : "/login/sso"}>
              Sign in with SSO
            </a>
          </>
        ) : null}
      </div>
    </div>
  );
}
