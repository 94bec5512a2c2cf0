import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native modules and the Prisma runtime load from node_modules at run time, not from the bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
