import type { NextConfig } from "next";

// Nothing external: scripts, styles, fonts and Monaco's workers (blob: included) come from Engram itself.
// Next's App Router inlines its bootstrap scripts, hence 'unsafe-inline'; `next dev` also needs eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native modules and the Prisma runtime load from node_modules at run time, not from the bundle.
  // re2 is a native addon: Turbopack cannot bundle it (non-ecmascript asset), so Node loads it at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "re2"],
  typedRoutes: false,
  // `npm test` type-checks the whole repository (tsc --noEmit) as its own step; the build
  // would only repeat that work, slowly, on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
};

export default nextConfig;
