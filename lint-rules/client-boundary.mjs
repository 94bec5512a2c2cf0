/** Browser code ("use client" files, components/**) may import only types from server/. */
export const clientBoundary = {
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
