/**
 * OpenAPI 3.0 schema objects -> JSON Schema (draft-07, as ajv reads it), for one direction of traffic.
 *
 * What OpenAPI 3.0 adds to JSON Schema and how it is translated:
 * - `nullable: true` -> null is allowed as well. drf-spectacular also writes it beside `allOf: [$ref]`
 *   (no `type`), where OpenAPI 3.0.3 would strictly give it no effect; its intent (null allowed) is kept.
 * - `readOnly` properties: in a request they are forbidden (the brief: never sent) and not required;
 *   in an answer they are ordinary.
 * - `writeOnly` properties: in an answer they are forbidden (OpenAPI: SHOULD NOT be sent back) and not
 *   required; in a request they are ordinary.
 * - `$ref: '#/components/schemas/X'` -> `definitions/X` of the document of converted components.
 * - keywords JSON Schema does not know (`example`, `discriminator`, `xml`, `externalDocs`) are dropped.
 */

export type Direction = "request" | "answer";

export type JsonSchema = boolean | { [keyword: string]: unknown };

type OpenApiSchema = { [keyword: string]: unknown };

/** Marks a property that must not appear in this direction; errors on it are reported by name. */
export const FORBIDDEN_PROPERTY = "x-forbidden-in-direction";
/** Marks the `anyOf: [null, schema]` written for `nullable` without `type`; its own errors only repeat. */
export const NULLABLE_WRAPPER = "x-nullable-wrapper";

const DROPPED = new Set(["nullable", "example", "discriminator", "xml", "externalDocs"]);
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf"] as const;

function isObject(value: unknown): value is OpenApiSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The id of the document holding every component schema converted for one direction. */
export function documentId(direction: Direction): string {
  return `urn:ultravox-openapi:${direction}`;
}

/** Absolute, so a schema compiled on its own (a parameter, a request body) reaches the definitions. */
export function definitionRef(direction: Direction, name: string): string {
  // A JSON pointer escapes "~" and "/"; component names here use neither, but stay correct.
  return `${documentId(direction)}#/definitions/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

function refToDefinition(ref: string, direction: Direction): string {
  const prefix = "#/components/schemas/";
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref} (only ${prefix}... is used)`);
  return definitionRef(direction, ref.slice(prefix.length));
}

export function toJsonSchema(schema: unknown, direction: Direction): JsonSchema {
  if (typeof schema === "boolean") return schema;
  if (!isObject(schema)) throw new Error(`not a schema object: ${JSON.stringify(schema)}`);
  if (typeof schema.$ref === "string") return { $ref: refToDefinition(schema.$ref, direction) };

  const out: { [keyword: string]: unknown } = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (DROPPED.has(keyword)) continue;
    out[keyword] = value;
  }
  for (const list of SCHEMA_LISTS) {
    const items = schema[list];
    if (Array.isArray(items)) out[list] = items.map((item) => toJsonSchema(item, direction));
  }
  if (schema.not !== undefined) out.not = toJsonSchema(schema.not, direction);
  if (schema.items !== undefined) out.items = toJsonSchema(schema.items, direction);
  if (isObject(schema.additionalProperties)) {
    out.additionalProperties = toJsonSchema(schema.additionalProperties, direction);
  }
  if (isObject(schema.properties)) convertProperties(schema, out, direction);
  return schema.nullable === true ? allowNull(out) : out;
}

function convertProperties(schema: OpenApiSchema, out: { [keyword: string]: unknown }, direction: Direction) {
  const forbiddenFlag = direction === "request" ? "readOnly" : "writeOnly";
  const properties: { [name: string]: JsonSchema } = {};
  const forbidden = new Set<string>();
  for (const [name, property] of Object.entries(schema.properties as OpenApiSchema)) {
    if (isObject(property) && property[forbiddenFlag] === true) {
      forbidden.add(name);
      properties[name] = { not: {}, [FORBIDDEN_PROPERTY]: forbiddenFlag };
    } else {
      properties[name] = toJsonSchema(property, direction);
    }
  }
  out.properties = properties;
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter((name) => !forbidden.has(String(name)));
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
}

function allowNull(schema: { [keyword: string]: unknown }): JsonSchema {
  const { type } = schema;
  if (typeof type === "string") {
    const widened: { [keyword: string]: unknown } = { ...schema, type: [type, "null"] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  const constrains = SCHEMA_LISTS.some((list) => list in schema) || "$ref" in schema || "not" in schema;
  return constrains
    ? { anyOf: [{ type: "null", [NULLABLE_WRAPPER]: true }, schema], [NULLABLE_WRAPPER]: true }
    : schema;
}
