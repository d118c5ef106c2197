/**
 * The plugin's Pulumi package schema, generated from the resource definitions' field tables: each
 * field's type from its zod schema (through JSON Schema), `secret` and `replaceOnChanges` from its
 * flags, descriptions from its entry. Nested objects inside values become named types.
 */

import { z } from "zod";
import { isSecretPath, type ResourceDefinition } from "../fields/definition";
import { describeInput } from "../fields/field-notes";
import { DEFAULT_RETRY_POLICY } from "../http/retry-policy";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../http/transport";
import { CALLS_FILE_COLUMNS_TYPE, callsFileColumnsType, withCallsFileSpec } from "./calls-file-schema";
import { FUNCTION_SPECS } from "./functions";
import { RESOURCES } from "./resources";

export const PACKAGE = "ultravox";

/** The token of a resource type in this package. */
export function tokenOf(def: ResourceDefinition): string {
  return `${PACKAGE}:index:${def.kind}`;
}

type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
};

import type { PropertySpec, TypeSpec } from "./schema-types";

export type { PropertySpec, TypeSpec };

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

  constructor(private readonly def: ResourceDefinition) {}

  /** `path`: the property path from the resource's root, list items as `0` (for secret paths). */
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
        ...(isSecretPath(this.def, [...path, key]) ? { secret: true } : {}),
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

function isRequired(schema: z.ZodType | undefined): boolean {
  return schema !== undefined && !schema.safeParse(undefined).success;
}

function inputProperty(def: ResourceDefinition, field: string, collector: TypeCollector): PropertySpec {
  const spec = def.inputs[field];
  if (spec === undefined) throw new Error(`${def.kind} has no input ${field}`);
  return {
    ...collector.convert(jsonSchemaOf(spec.schema), spec.typeName ?? pascal(field), [field]),
    description: describeInput(def, spec),
    ...(spec.secret || spec.personal ? { secret: true } : {}),
    ...(spec.replaces ? { replaceOnChanges: true } : {}),
  };
}

/**
 * Inputs are what a program writes (a batch's calls as a typed list); outputs are what state holds
 * (a field with an engine codec as its text, with the codec's secret lists), since check hands the
 * engine that form.
 */
function resourceSpec(def: ResourceDefinition, collector: TypeCollector) {
  const inputProperties: Record<string, PropertySpec> = {};
  for (const field of def.inputNames) inputProperties[field] = inputProperty(def, field, collector);
  const properties: Record<string, PropertySpec> = { ...inputProperties };
  for (const field of def.inputNames) {
    const spec = def.inputs[field];
    if (spec?.engine === undefined) continue;
    const ownShape = spec.engine.keepsShape ? inputProperties[field] : undefined;
    properties[field] = {
      ...(ownShape ?? { type: "string" }),
      description: spec.description,
      ...(spec.personal ? { secret: true } : {}),
    };
    for (const key of spec.engine.extraKeys) {
      if (key === spec.engine.countKey) {
        properties[key] = { type: "integer", description: spec.engine.descriptions[key] ?? "" };
        continue;
      }
      properties[key] = {
        type: "array",
        items: { type: "string" },
        ...(spec.engine.secretKeys.includes(key) ? { secret: true } : {}),
        description: spec.engine.descriptions[key] ?? "",
      };
    }
  }
  for (const field of def.outputNames) {
    const spec = def.outputs[field];
    if (spec === undefined) continue;
    properties[field] = {
      ...collector.convert(jsonSchemaOf(spec.schema), pascal(field), [field]),
      description: spec.description,
    };
  }
  const requiredInputs = def.inputNames.filter((field) => isRequired(def.inputs[field]?.schema));
  const required = [
    ...requiredInputs,
    ...def.outputNames.filter((field) => isRequired(def.outputs[field]?.schema)),
  ];
  return { description: def.description, inputProperties, requiredInputs, properties, required };
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
  plainCalls: {
    type: "boolean",
    description:
      "Store calls (phone numbers, names) as plain text in state instead of encrypted (default false); docs/personal-data.md.",
  },
  // The README's settings table, every one: an explicit provider can set them as stack config can.
  requestTimeoutMs: {
    type: "integer",
    description: `Timeout of one HTTP request in milliseconds (default ${DEFAULT_REQUEST_TIMEOUT_MS}). Falls back to ULTRAVOX_REQUEST_TIMEOUT_MS.`,
  },
  maxAttempts: {
    type: "integer",
    description: `Tries per request, the first included (default ${DEFAULT_RETRY_POLICY.maxAttempts}). Falls back to ULTRAVOX_MAX_ATTEMPTS.`,
  },
  retryBudgetMs: {
    type: "integer",
    description: `Total time in milliseconds a request may spend on retries (default ${DEFAULT_RETRY_POLICY.budgetMs}). Falls back to ULTRAVOX_RETRY_BUDGET_MS.`,
  },
} satisfies Record<string, PropertySpec>;

/** The package schema the plugin answers GetSchema with. */
export function packageSchema(version: string) {
  const resources: Record<string, ReturnType<typeof resourceSpec>> = {};
  const types: Record<string, ObjectTypeSpec> = {};
  for (const { definition } of RESOURCES) {
    const collector = new TypeCollector(definition);
    const spec = resourceSpec(definition, collector);
    // A batch may take its calls from a file (calls-file-schema.ts).
    resources[tokenOf(definition)] = definition.kind === "ScheduledBatch" ? withCallsFileSpec(spec) : spec;
    Object.assign(types, collector.types);
  }
  types[CALLS_FILE_COLUMNS_TYPE] = callsFileColumnsType;
  return {
    name: PACKAGE,
    displayName: "Ultravox",
    version,
    description: "Ultravox scheduled call batches (outbound call campaigns) as Pulumi resources.",
    config: { variables: CONFIG_VARIABLES },
    provider: { description: "The Ultravox provider.", inputProperties: CONFIG_VARIABLES },
    resources,
    functions: FUNCTION_SPECS,
    types,
    // A generated Node.js SDK says this version instead of a "${VERSION}" placeholder, so a program
    // can import it as generated, with no build step (docs/plugin.md).
    language: { nodejs: { respectSchemaVersion: true }, python: { respectSchemaVersion: true } },
  };
}
