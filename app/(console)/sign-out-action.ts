"use server";
import { signOut } from "@/server/auth/next-auth";

/** next-auth's signOut event ends the session server-side and audits it (server/auth/sign-out.ts). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
