import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

/** Value-wrapper types of contract version 4. */
export type WrapperType =
  | "StringValue"
  | "DecimalValue"
  | "IntValue"
  | "ShortValue"
  | "LongValue"
  | "ByteValue"
  | "DoubleValue"
  | "BooleanValue"
  | "DateTimeValue"
  | "GuidValue";

export type FieldDef =
  | { kind: "value"; type: WrapperType }
  | { kind: "linked"; entity: string }
  | { kind: "detail"; entity: string };

export interface EntityDef {
  name: string;
  fields: Map<string, FieldDef>;
}

/** What one endpoint version offers: entities (top-level and nested) and actions per top-level entity. */
export interface Contract {
  entities: Map<string, EntityDef>;
  topLevel: Set<string>;
  actions: Map<string, Set<string>>;
  swagger: unknown;
}

const WRAPPERS = new Set<string>([
  "StringValue",
  "DecimalValue",
  "IntValue",
  "ShortValue",
  "LongValue",
  "ByteValue",
  "DoubleValue",
  "BooleanValue",
  "DateTimeValue",
  "GuidValue",
]);

export const DEFAULT_CONTRACT_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "contract", "Default_24.200.001.json");

interface SchemaNode {
  $ref?: string;
  type?: string;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

function ownProperties(node: SchemaNode): Record<string, SchemaNode> {
  if (node.allOf) return Object.assign({}, ...node.allOf.map((n) => n.properties ?? {}));
  return node.properties ?? {};
}

export const actionParametersEntity = (entity: string, action: string) => `${entity}.${action}.parameters`;

let cache: { file: string; contract: Contract } | undefined;

/** Reads an endpoint's swagger.json into field/action tables (cached per file). */
export function loadContract(file = DEFAULT_CONTRACT_FILE): Contract {
  if (cache?.file === file) return cache.contract;
  const swagger = JSON.parse(readFileSync(file, "utf8")) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaNode }> } }>>;
    components: { schemas: Record<string, SchemaNode> };
  };
  const schemas = swagger.components.schemas;
  const entities = new Map<string, EntityDef>();
  for (const [name, node] of Object.entries(schemas)) {
    if (!node.allOf?.some((n) => n.$ref === "#/components/schemas/Entity")) continue;
    const fields = new Map<string, FieldDef>();
    for (const [field, def] of Object.entries(ownProperties(node))) {
      if (def.$ref) {
        const target = refName(def.$ref);
        if (WRAPPERS.has(target)) fields.set(field, { kind: "value", type: target as WrapperType });
        else fields.set(field, { kind: "linked", entity: target });
      } else if (def.type === "array" && def.items?.$ref) {
        fields.set(field, { kind: "detail", entity: refName(def.items.$ref) });
      }
    }
    entities.set(name, { name, fields });
  }
  const topLevel = new Set<string>();
  const actions = new Map<string, Set<string>>();
  for (const [p, ops] of Object.entries(swagger.paths)) {
    const parts = p.split("/").filter(Boolean);
    const [entity, second] = parts;
    if (!entity) continue;
    if (parts.length === 1 && "put" in ops) topLevel.add(entity);
    if (parts.length === 2 && second && !second.startsWith("{") && !second.startsWith("$") && "post" in ops) {
      const set = actions.get(entity) ?? new Set<string>();
      set.add(second);
      actions.set(entity, set);
      // Action parameters become a pseudo-entity "<Entity>.<Action>.parameters" so bodies are checked like records.
      const bodyRef = ops.post?.requestBody?.content?.["application/json"]?.schema?.$ref;
      const params = bodyRef ? schemas[refName(bodyRef)]?.properties?.parameters?.properties : undefined;
      const fields = new Map<string, FieldDef>();
      for (const [field, def] of Object.entries(params ?? {})) {
        if (def.$ref && WRAPPERS.has(refName(def.$ref))) fields.set(field, { kind: "value", type: refName(def.$ref) as WrapperType });
      }
      const name = actionParametersEntity(entity, second);
      entities.set(name, { name, fields });
    }
  }
  const contract = { entities, topLevel, actions, swagger };
  cache = { file, contract };
  return contract;
}
