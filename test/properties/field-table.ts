/**
 * What the property tests know of the batch's fields, read from the provider's field table
 * (src/batch/fields.ts), the call's and medium's zod schemas and the published OpenAPI description:
 * no field list is written here by hand, so a field added to the table is generated, compared and
 * rewritten by the properties without editing them.
 */
import { readFileSync } from "node:fs";
import { fc } from "@fast-check/vitest";
import yaml from "js-yaml";
import { z } from "zod";
import { CALL_FIELDS } from "../../src/batch/call-fields";
import { batch } from "../../src/batch/definition";
import { callMediumSchema } from "../../src/batch/schema";
import { fieldsWith } from "../../src/fields/definition";
import type { InputFieldSpec } from "../../src/fields/spec";
import { OPENAPI_FILE } from "../openapi/api-description";

/** The batch's input fields by name. */
export const INPUTS: Readonly<Record<string, InputFieldSpec>> = batch.inputs;

/** The fields a program sends in a POST or PATCH body (`calls` included). */
export const BODY_FIELDS: readonly string[] = batch.bodyFields;

/** The body fields a program may leave out. */
export const OPTIONAL_BODY_FIELDS: readonly string[] = BODY_FIELDS.filter(
  (name) => INPUTS[name]?.schema.safeParse(undefined).success === true,
);

/** What absence means per field (the API's default), so that absent and default compare equal. */
export const DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  BODY_FIELDS.filter((name) => INPUTS[name]?.default !== undefined).map((name) => [
    name,
    INPUTS[name]?.default,
  ]),
);

/** Fields whose value the service picks when the program sets none (the webhook secret). */
export const SERVER_CHOSEN: readonly string[] = fieldsWith(batch, "serverChosen");
/** Fields the service may fill in when a create leaves them out (the window's ends). */
export const SERVER_MAY_FILL: readonly string[] = fieldsWith(batch, "serverMayFill");
/** Fields compared as instants, not as text. */
export const INSTANTS: readonly string[] = fieldsWith(batch, "instant");
/** A change the service cannot make (un-pausing), per field. */
export const ONE_WAY: Readonly<Record<string, { from: unknown; to: unknown }>> = Object.fromEntries(
  BODY_FIELDS.flatMap((name) => {
    const oneWay = INPUTS[name]?.oneWay;
    return oneWay === undefined ? [] : [[name, { from: oneWay.from, to: oneWay.to }]];
  }),
);

/** Nullable batch fields a program can clear: the service may leave them out of an answer. */
export const CLEARABLE_FIELDS: readonly string[] = fieldsWith(batch, "clearable");
/** Clearable text fields with no format, where the service may write `""` for "unset". */
export const PLAIN_TEXT_FIELDS: readonly string[] = CLEARABLE_FIELDS.filter(
  (name) => !INPUTS[name]?.instant && !INPUTS[name]?.secret,
);

/** The fields of one call (the API does not require any of them). */
export const CALL_FIELD_NAMES: readonly string[] = Object.keys(CALL_FIELDS);
/** The call fields a listed call must match the requested one in. */
export const MATCHED_CALL_FIELDS: readonly string[] = CALL_FIELD_NAMES.filter(
  (name) => CALL_FIELDS[name as keyof typeof CALL_FIELDS].matched,
);

/** The zod object inside optional and nullable wrappers, or undefined for a leaf. */
export function objectSchema(schema: z.ZodType | undefined): z.ZodObject | undefined {
  let inner: z.ZodType | undefined = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
    inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject ? inner : undefined;
}

/** The medium's schema: its kinds (webRtc, twilio, ...) and their fields at every depth. */
export const MEDIUM_SCHEMA: z.ZodObject = callMediumSchema;

/** The `EnabledDataMessages` flags of the published OpenAPI description (13 today). */
export const DATA_MESSAGE_FLAGS: readonly string[] = (() => {
  const doc = yaml.load(readFileSync(OPENAPI_FILE, "utf8")) as {
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const flags = Object.keys(doc.components.schemas["ultravox.v1.EnabledDataMessages"]?.properties ?? {});
  if (flags.length === 0) throw new Error(`no EnabledDataMessages flags in ${OPENAPI_FILE}`);
  return flags;
})();

/**
 * Values for a field the generators have no special knowledge of, from its zod schema (through its
 * JSON Schema), each checked against the schema. A field whose shape this cannot generate fails
 * here, naming it, instead of being silently never generated.
 */
export function arbitraryFromSchema(name: string, schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema;
  const base = fromJsonSchema(json);
  if (base === undefined) {
    throw new Error(
      `test/properties/field-table.ts cannot generate field ${name} (${JSON.stringify(json)}): give it a generator in generators.ts`,
    );
  }
  return base.filter((value) => schema.safeParse(value).success);
}

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
}

function fromJsonSchema(json: JsonSchema): fc.Arbitrary<unknown> | undefined {
  if (json.anyOf !== undefined) {
    const parts = json.anyOf.filter((part) => part.type !== "null").map(fromJsonSchema);
    if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
    return fc.oneof(...(parts as fc.Arbitrary<unknown>[]));
  }
  if (json.enum !== undefined) return fc.constantFrom(...json.enum);
  const type = Array.isArray(json.type) ? json.type.find((t) => t !== "null") : json.type;
  if (type === "boolean") return fc.boolean();
  if (type === "integer") return fc.integer({ min: json.minimum ?? -1000, max: json.maximum ?? 1000 });
  if (type === "number") {
    return fc.double({ min: json.minimum ?? -1000, max: json.maximum ?? 1000, noNaN: true });
  }
  if (type === "string") {
    if (json.format !== undefined || json.pattern !== undefined) return undefined;
    // Plain ASCII, or unicode of every plane (combining marks and emoji: graphemes), within the limits.
    const limits = { minLength: json.minLength ?? 0, maxLength: json.maxLength ?? 40 };
    return fc.oneof(
      fc.string({ unit: "grapheme-ascii", ...limits }),
      fc.string({ unit: "grapheme", ...limits }),
    );
  }
  return undefined;
}
