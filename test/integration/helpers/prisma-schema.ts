// A small reader for the subset of the Prisma schema language prisma/schema.prisma uses:
// models with scalar and relation fields, ?, [], @id, @unique, @default, @relation, @map,
// @@id, @@unique, @@index, @@map. Enough to say what a migrated database must contain.
export type ScalarField = { name: string; column: string; type: string; optional: boolean; list: boolean; id: boolean; unique: boolean };
export type Relation = { fields: string[]; references: string[]; model: string; onDelete: string | null };
export type IndexSpec = { name: string; columns: string[]; unique: boolean };
export type ModelSpec = { name: string; table: string; fields: ScalarField[]; primaryKey: string[]; indexes: IndexSpec[]; relations: Relation[] };

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

/** The column lists inside `[a, b(sort: Desc)]`, without sort options. */
function columnList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim().replace(/\(.*\)$/, ""))
    .filter(Boolean);
}

function namedArg(args: string, name: string): string | null {
  return (
    args
      .match(new RegExp(`${name}\\s*:\\s*(?:"([^"]*)"|\\[([^\\]]*)\\]|(\\w+))`))
      ?.slice(1)
      .find((v) => v !== undefined) ?? null
  );
}

export function parsePrismaSchema(source: string): ModelSpec[] {
  const text = source.replace(/\/\/.*$/gm, "");
  const enums = new Set([...text.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]));
  if (enums.size) throw new Error(`enums are not supported by this reader: ${[...enums].join(", ")}`);
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1]));
  return blocks.map(([, name, body]) => {
    const model: ModelSpec = { name, table: name, fields: [], primaryKey: [], indexes: [], relations: [] };
    const lines = body
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    for (const line of lines.filter((l) => !l.startsWith("@@"))) {
      const match = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/);
      if (!match) throw new Error(`cannot read field line in ${name}: ${line}`);
      const [, fieldName, type, list, optional, attrs] = match;
      if (modelNames.has(type)) {
        const rel = attrs.match(/@relation\(([^)]*)\)/);
        if (rel && rel[1].includes("fields")) {
          model.relations.push({
            model: type,
            fields: columnList(namedArg(rel[1], "fields")!),
            references: columnList(namedArg(rel[1], "references")!),
            onDelete: namedArg(rel[1], "onDelete"),
          });
        }
        continue;
      }
      if (!SCALARS.has(type)) throw new Error(`unknown type ${type} of ${name}.${fieldName}`);
      const column = attrs.match(/@map\("([^"]+)"\)/)?.[1] ?? fieldName;
      const field = {
        name: fieldName,
        column,
        type,
        optional: Boolean(optional),
        list: Boolean(list),
        id: /@id\b/.test(attrs),
        unique: /@unique\b/.test(attrs),
      };
      model.fields.push(field);
      if (field.id) model.primaryKey = [column];
      if (field.unique) {
        const map = attrs.match(/@unique\(([^)]*)\)/)?.[1];
        model.indexes.push({ name: (map && namedArg(map, "map")) ?? `${name}_${column}_key`, columns: [column], unique: true });
      }
    }
    const columnOf = (field: string) => model.fields.find((f) => f.name === field)?.column ?? field;
    for (const line of lines.filter((l) => l.startsWith("@@"))) {
      const [, kind, args] = line.match(/^@@(\w+)\((.*)\)$/) ?? [];
      if (kind === "map") {
        model.table = args.replace(/^"|"$/g, "");
        continue;
      }
      const columns = columnList(args.match(/^\s*\[([^\]]*)\]/)?.[1] ?? namedArg(args, "fields") ?? "").map(columnOf);
      if (kind === "id") model.primaryKey = columns;
      else if (kind === "unique" || kind === "index") {
        const suffix = kind === "unique" ? "key" : "idx";
        model.indexes.push({ name: namedArg(args, "map") ?? `${model.table}_${columns.join("_")}_${suffix}`, columns, unique: kind === "unique" });
      } else throw new Error(`unsupported block attribute @@${kind} in ${name}`);
    }
    model.relations = model.relations.map((r) => ({ ...r, fields: r.fields.map(columnOf) }));
    return model;
  });
}
