import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
// Fonts ship with the app (no download at build or run time).
import "@fontsource-variable/inter";
import "@fontsource-variable/jetbrains-mono";
import { parseTheme, THEME_COOKIE } from "@/components/shell/theme";
import "./tokens.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Engram", template: "%s · Engram" },
  description: "Observable, governable memory for AI agents",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A chosen theme is rendered by the server; without one the stylesheet follows the system.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>{children}</body>
    </html>
  );
}
