/**
 * A .ts file in server/ starts with `import "server-only"`, so Next refuses to bundle it into
 * browser code. Worker scripts (.cjs) are exempt: they run in threads of their own, outside any bundle.
 */
export const serverOnly = {
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
