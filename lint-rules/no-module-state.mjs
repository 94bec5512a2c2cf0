/**
 * server/ keeps process-wide mutable state only in server/process-state.ts (processState()): one
 * process holds two copies of server/ (the API under tsx, the pages in Next's bundle), and state in
 * a module would exist twice. Refused at module level of the .ts files in server/: let/var, empty collections and caches
 * (new Map(), new Set(), new WeakMap(), new LRUCache(…), [], {}), and any use of globalThis.
 */
export const noModuleState = {
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
