"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/server/auth/next-auth";

export type SignInState = { error: string | null; email: string };

/** Signs in with email and password; a wrong pair comes back as a message, not an exception. */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    // On success next-auth redirects (a thrown redirect, which must propagate).
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo: "/stores" });
    return { error: null, email };
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited")
      return { error: "Too many failed sign-ins for this email; try again in 15 minutes.", email };
    if (error instanceof AuthError) return { error: "Wrong email or password.", email };
    throw error;
  }
}
