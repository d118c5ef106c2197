/**
 * The plugin's Pulumi package schema, generated from the field table (batch-fields.ts): each
 * field's type from its zod schema (through JSON Schema), `secret` and `replaceOnChanges` from its
 * flags, descriptions from descriptions.ts. Nested objects of the call list become named types.
 */
import { z } from "zod";
import {
  ENGINE_SECRET_KEYS,
  INPUT_FIELD_NAMES,
  INPUT_SPECS,
  type InputField,
  OUTPUT_FIELD_NAMES,
  OUTPUT_FIELDS,
} from "../batch/fields";
import { CALL_SECRETS_DESCRIPTION, FIELD_DESCRIPTIONS } from "./descriptions";
import { isBatchPasswordPath } from "./passwords";

export const PACKAGE = "ultravox";
export const SCHEDULED_BATCH = `${PACKAGE}:index:ScheduledBatch`;

type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
};

export interface TypeSpec {
  type?: string;
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

interface ObjectTypeSpec {
  type: "object";
  properties: Record<string, PropertySpec>;
  required?: string[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Converts JSON Schema to Pulumi type specs, collecting named object types into `types`. */
class TypeCollector {
  readonly types: Record<string, ObjectTypeSpec> = {};

  /** `path`: the property path from the batch's root, list items as `0` (for secret paths). */
  convert(schema: JsonSchema, name: string, path: string[]): TypeSpec {
    if (schema.anyOf) {
      const options = schema.anyOf.filter((option) => option.type !== "null");
      return options.length === 1 && options[0] ? this.convert(options[0], name, path) : ANY;
    }
    switch (schema.type) {
      case "string":
      case "boolean":
      case "number":
      case "integer":
        return { type: schema.type };
      case "array":
        return {
          type: "array",
          items: schema.items ? this.convert(schema.items, name, [...path, "0"]) : ANY,
        };
      case "object":
        return this.object(schema, name, path);
      default:
        return ANY;
    }
  }

  private object(schema: JsonSchema, name: string, path: string[]): TypeSpec {
    if (!schema.properties) {
      const values = schema.additionalProperties;
      const itemType =
        typeof values === "object" ? this.convert(values, `${name}Value`, [...path, "*"]) : ANY;
      return { type: "object", additionalProperties: itemType };
    }
    const properties: Record<string, PropertySpec> = {};
    for (const [key, value] of Object.entries(schema.properties)) {
      properties[key] = {
        ...this.convert(value, `${name}${pascal(key)}`, [...path, key]),
        ...(isBatchPasswordPath([...path, key]) ? { secret: true } : {}),
      };
    }
    const token = `${PACKAGE}:index:${name}`;
    this.types[token] = {
      type: "object",
      properties,
      ...(schema.required ? { required: schema.required } : {}),
    };
    return { $ref: `#/types/${token}` };
  }
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

function isRequired(schema: z.ZodType): boolean {
  return !schema.safeParse(undefined).success;
}

function inputProperty(field: InputField, collector: TypeCollector): PropertySpec {
  const spec = INPUT_SPECS[field];
  // The call list's type names its items `Call` (not `Calls`).
  const typeName = field === "calls" ? "Call" : pascal(field);
  return {
    ...collector.convert(jsonSchemaOf(spec.schema), typeName, [field]),
    description: FIELD_DESCRIPTIONS[field],
    ...(spec.secret ? { secret: true } : {}),
    ...(spec.replaces ? { replaceOnChanges: true } : {}),
  };
}

/**
 * Inputs are what a program writes (calls as a typed list); outputs are what state holds (calls
 * as the canonical text, with the secret `callSecrets`), since check hands the engine that form.
 */
function scheduledBatchSpec(collector: TypeCollector) {
  const inputProperties: Record<string, PropertySpec> = {};
  for (const field of INPUT_FIELD_NAMES) inputProperties[field] = inputProperty(field, collector);
  const properties: Record<string, PropertySpec> = { ...inputProperties };
  properties.calls = { type: "string", description: FIELD_DESCRIPTIONS.calls };
  for (const key of ENGINE_SECRET_KEYS) {
    properties[key] = {
      type: "array",
      items: { type: "string" },
      secret: true,
      description: CALL_SECRETS_DESCRIPTION,
    };
  }
  for (const field of OUTPUT_FIELD_NAMES) {
    properties[field] = {
      ...collector.convert(jsonSchemaOf(OUTPUT_FIELDS[field].schema), pascal(field), [field]),
      description: FIELD_DESCRIPTIONS[field],
    };
  }
  const requiredInputs = INPUT_FIELD_NAMES.filter((field) => isRequired(INPUT_SPECS[field].schema));
  const required = [
    ...requiredInputs,
    ...OUTPUT_FIELD_NAMES.filter((field) => isRequired(OUTPUT_FIELDS[field].schema)),
  ];
  return {
    description:
      "An Ultravox scheduled call batch (an outbound campaign), managed by `pulumi up`. Its id is the batch's `batchId`; " +
      "import one with the id `<agentId>/<batchId>`.",
    inputProperties,
    requiredInputs,
    properties,
    required,
  };
}

const CONFIG_VARIABLES = {
  apiKey: {
    type: "string",
    secret: true,
    description: "The Ultravox API key. Falls back to the environment variable ULTRAVOX_API_KEY.",
  },
  baseUrl: {
    type: "string",
    description:
      "The Ultravox API's base URL (default https://api.ultravox.ai). Falls back to ULTRAVOX_BASE_URL.",
  },
} satisfies Record<string, PropertySpec>;

/** The package schema the plugin answers GetSchema with. */
export function packageSchema(version: string) {
  const collector = new TypeCollector();
  const batch = scheduledBatchSpec(collector);
  return {
    name: PACKAGE,
    displayName: "Ultravox",
    version,
    description: "Ultravox scheduled call batches (outbound call campaigns) as Pulumi resources.",
    config: { variables: CONFIG_VARIABLES },
    provider: { description: "The Ultravox provider.", inputProperties: CONFIG_VARIABLES },
    resources: { [SCHEDULED_BATCH]: batch },
    types: collector.types,
  };
}
