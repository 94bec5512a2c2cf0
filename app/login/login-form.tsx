"use client";
import { useActionState } from "react";
import { ErrorAlert } from "@/components/ui/error-alert";
import { signInAction, type SignInState } from "./sign-in-action";

const initial: SignInState = { error: null, email: "" };

/** `next`: the (already checked) page to return to after signing in; checked again by the action. */
export function LoginForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState(signInAction, initial);
  return (
    <form action={action}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <ErrorAlert error={state.error} testId="sign-in-error" />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} defaultValue={state.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
