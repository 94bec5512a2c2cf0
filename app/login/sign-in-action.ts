"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { afterSignIn } from "@/lib/return-path";
import { signIn } from "@/server/auth/next-auth";
import { MAX_EMAIL_LENGTH } from "@/server/auth/verify-credentials";

export type SignInState = { error: string | null; email: string };

/** Signs in with email and password; a wrong pair comes back as a message, not an exception. */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  // Echoed back into the form: never more than an email can be.
  const email = String(form.get("email") ?? "").slice(0, MAX_EMAIL_LENGTH);
  const password = String(form.get("password") ?? "");
  try {
    // On success next-auth redirects (a thrown redirect, which must propagate).
    await signIn("credentials", { email, password, redirectTo: afterSignIn(form.get("next")) });
    return { error: null, email };
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited")
      return { error: "Too many failed sign-ins for this email; try again in 15 minutes.", email };
    if (error instanceof AuthError) return { error: "Wrong email or password.", email };
    throw error;
  }
}
