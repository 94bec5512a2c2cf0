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

/**
 * server/ keeps process-wide mutable state only in server/process-state.ts (processState()): one
 * process holds two copies of server/ (the API under tsx, the pages in Next's bundle), and state in
 * a module would exist twice. Refused at module level of the .ts files in server/: let/var, empty collections and caches
 * (new Map(), new Set(), new WeakMap(), new LRUCache(…), [], {}), and any use of globalThis.
 */
const noModuleState = {
  meta: { type: "problem", docs: { description: "no module-level mutable state in server/" }, schema: [] },
  create(context) {
    const file = context.filename.replaceAll("\\", "/");
    // Worker scripts (.cjs) run in threads of their own, with their own globals.
    if (!/\/server\/.*\.ts$/.test(file) || /\/server\/(process-state\.ts|db\/generated\/)/.test(file)) return {};
    const message = "Module-level mutable state in server/ exists once per module copy; keep it in processState() (server/process-state.ts).";
    const isState = (init) => {
      if (!init) return false;
      if (init.type === "NewExpression" && init.callee.type === "Identifier") {
        if (["LRUCache", "EventEmitter"].includes(init.callee.name)) return true;
        return ["Map", "Set", "WeakMap", "WeakSet"].includes(init.callee.name) && init.arguments.length === 0;
      }
      if (init.type === "ArrayExpression") return init.elements.length === 0;
      if (init.type === "ObjectExpression") return init.properties.length === 0;
      return false;
    };
    const topLevel = (statement) => (statement.type === "ExportNamedDeclaration" ? statement.declaration : statement);
    return {
      Program(program) {
        for (const statement of program.body) {
          const declaration = topLevel(statement);
          if (declaration?.type !== "VariableDeclaration") continue;
          if (declaration.kind !== "const") context.report({ node: declaration, message });
          else for (const declarator of declaration.declarations) if (isState(declarator.init)) context.report({ node: declarator, message });
        }
      },
      Identifier(node) {
        if (node.name === "globalThis") context.report({ node, message });
      },
    };
  },
};

/**
 * server/config.ts holds every environment variable the server reads, with its default; a read
 * anywhere else in server/ is a setting a reader of config.ts cannot find. Refuses process.env
 * (and process["env"], env from node:process) in server/ outside config.ts.
 */
const noEnvOutsideConfig = {
  meta: { type: "problem", docs: { description: "environment variables are read in server/config.ts only" }, schema: [] },
  create(context) {
    const file = context.filename.replaceAll("\\", "/");
    if (!/\/server\//.test(file) || /\/server\/(config\.ts|db\/generated\/)/.test(file)) return {};
    const message = "Read environment variables in server/config.ts (config.<name>), so every setting and its default is in one place.";
    const isEnv = (property, computed) =>
      computed ? property.type === "Literal" && property.value === "env" : property.type === "Identifier" && property.name === "env";
    return {
      MemberExpression(node) {
        if (node.object.type === "Identifier" && node.object.name === "process" && isEnv(node.property, node.computed)) context.report({ node, message });
      },
      VariableDeclarator(node) {
        if (node.init?.type !== "Identifier" || node.init.name !== "process" || node.id.type !== "ObjectPattern") return;
        if (node.id.properties.some((p) => p.type === "Property" && isEnv(p.key, p.computed))) context.report({ node, message });
      },
      ImportDeclaration(node) {
        if (!["process", "node:process"].includes(node.source.value)) return;
        if (node.specifiers.some((s) => s.type === "ImportSpecifier" && s.imported.name === "env")) context.report({ node, message });
      },
    };
  },
};

/**
 * A .ts file in server/ starts with `import "server-only"`, so Next refuses to bundle it into
 * browser code. Worker scripts (.cjs) are exempt: they run in threads of their own, outside any bundle.
 */
const serverOnly = {
  meta: { type: "problem", docs: { description: 'server/ files start with import "server-only"' }, schema: [] },
  create(context) {
    const file = context.filename.replaceAll("\\", "/");
    if (!/\/server\/.*\.ts$/.test(file) || /\/server\/db\/generated\//.test(file) || file.endsWith(".d.ts")) return {};
    return {
      Program(program) {
        const first = program.body[0];
        if (first?.type === "ImportDeclaration" && first.source.value === "server-only" && first.specifiers.length === 0) return;
        context.report({
          node: first ?? program,
          message: 'A server/ file starts with import "server-only" (Next then refuses to bundle it into browser code).',
        });
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
    plugins: {
      engram: {
        rules: { "client-boundary": clientBoundary, "no-module-state": noModuleState, "no-env-outside-config": noEnvOutsideConfig, "server-only": serverOnly },
      },
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
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^@/server/db(/|$)|(\\.\\./)+server/db(/|$)|^@prisma/|^pg$)",
              message: "app/ and components/ call domain functions in server/, which authorize; they never reach the database directly.",
            },
          ],
        },
      ],
    },
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
    // One ErrorAlert and one pagination hook in the console (issue 19 item 4): no hand-made alert
    // blocks, no raw useInfiniteQuery.
    files: ["components/**/*.tsx", "app/**/*.tsx"],
    ignores: ["components/ui/error-alert.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='className'][value.value=/^alert( |$)/]", message: "Use <ErrorAlert> (components/ui/error-alert.tsx)." },
      ],
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@tanstack/react-query", importNames: ["useInfiniteQuery"], message: "Use usePagedList (components/api/use-paged-list.ts)." }] },
      ],
    },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ["e2e/**"],
    rules: { "no-empty-pattern": "off", "react-hooks/rules-of-hooks": "off" },
  },
);
