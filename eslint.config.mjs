import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

/** Browser code ("use client" files, components/**) may import only types from server/. */
const clientBoundary = {
  meta: { type: "problem", docs: { description: "client code must not import server code" }, schema: [] },
  create(context) {
    const file = context.filename.replaceAll("\\", "/");
    const inComponents = /\/components\//.test(file);
    let client = inComponents;
    const isServer = (source) => /^(@\/server(\/|$)|(\.\.?\/)+server\/)/.test(source);
    return {
      Program(node) {
        client ||= node.body.some((statement) => statement.type === "ExpressionStatement" && statement.directive === "use client");
      },
      ImportDeclaration(node) {
        if (!client || node.importKind === "type" || !isServer(node.source.value)) return;
        if (node.specifiers.length > 0 && node.specifiers.every((specifier) => specifier.importKind === "type")) return;
        context.report({ node, message: `Client code imports server code (${node.source.value}); import only types, or move the logic to lib/.` });
      },
    };
  },
};

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
    plugins: { engram: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "engram/client-boundary": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // Tests read loosely typed JSON bodies; `any` there is a deliberate shortcut, not a leak into the app.
    files: ["test/**", "**/*.test.ts", "e2e/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ["e2e/**"],
    rules: { "no-empty-pattern": "off", "react-hooks/rules-of-hooks": "off" },
  },
);
