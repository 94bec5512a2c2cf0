import type { Metadata } from "next";
import type { ReactNode } from "react";
// Fonts ship with the app (no download at build or run time).
import "@fontsource-variable/inter";
import "@fontsource-variable/jetbrains-mono";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Engram", template: "%s · Engram" },
  description: "Observable, governable memory for AI agents",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
