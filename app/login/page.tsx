import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/require-user";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await currentUser()) redirect("/stores");
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
      </div>
    </div>
  );
}
