/**
 * server/config.ts holds every environment variable the server reads, with its default; a read
 * anywhere else in server/ is a setting a reader of config.ts cannot find. Refuses process.env
 * (and process["env"], env from node:process) in server/ outside config.ts.
 */
export const noEnvOutsideConfig = {
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
