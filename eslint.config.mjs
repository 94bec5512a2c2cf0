import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import { engramPlugin } from "./lint-rules/index.mjs";

// app/ and components/ call domain functions in server/ (which authorize), never the database.
const databaseImports = {
  regex: "(^@/server/db(/|$)|(\\.\\./)+server/db(/|$)|^@prisma/|^pg$)",
  message: "app/ and components/ call domain functions in server/, which authorize; they never reach the database directly.",
};
// One pagination hook in the console (issue 19 item 4).
const infiniteQuery = { name: "@tanstack/react-query", importNames: ["useInfiniteQuery"], message: "Use usePagedList (components/api/use-paged-list.ts)." };

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "server/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "bench/.work/**",
      "bench/results/**",
      "next-env.d.ts",
      "*.tsbuildinfo",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    plugins: {
      engram: engramPlugin,
    },
    rules: {
      "engram/client-boundary": "error",
      "engram/no-module-state": "error",
      "engram/no-env-outside-config": "error",
      "engram/server-only": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // Pages and server actions call domain functions (server/<domain>/*), which authorize; never the database.
    // A later block's setting of a rule replaces an earlier one's for the files both match, so every
    // no-restricted-imports setting of app/ and components/ is in this block and the next.
    files: ["app/**", "components/**"],
    rules: { "no-restricted-imports": ["error", { paths: [infiniteQuery], patterns: [databaseImports] }] },
  },
  {
    // The one pagination hook, the one place that may use useInfiniteQuery.
    files: ["components/api/use-paged-list.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [databaseImports] }] },
  },
  {
    // The mount client is a Node program that talks to Engram over HTTP only (the official SDK), like any agent harness.
    files: ["mount-client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^@/server(/|$)|(\\.\\./)+server/)", message: "mount-client/ talks to Engram over HTTP (the SDK); it never imports server code." },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely typed JSON bodies; `any` there is a deliberate shortcut, not a leak into the app.
    files: ["test/**", "**/*.test.ts", "e2e/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // One ErrorAlert in the console (issue 19 item 4): no hand-made alert blocks.
    files: ["components/**/*.tsx", "app/**/*.tsx"],
    ignores: ["components/ui/error-alert.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='className'][value.value=/^alert( |$)/]", message: "Use <ErrorAlert> (components/ui/error-alert.tsx)." },
      ],
    },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ["e2e/**"],
    rules: { "no-empty-pattern": "off", "react-hooks/rules-of-hooks": "off" },
  },
);
