/**
 * The rewrites the latitude proxy applies to the emulator's answers: each keeps what the service
 * holds and changes only how it is written, within what the API's OpenAPI description allows.
 */
import type { z } from "zod";
import {
  CALL_FIELD_NAMES,
  CLEARABLE_FIELDS,
  MEDIUM_SCHEMA,
  objectSchema,
  PLAIN_TEXT_FIELDS,
} from "./field-table";
import type { Latitude } from "./latitude";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Nullable batch fields the API does not require: the clearable ones of the field table. */
const OPTIONAL_BATCH_FIELDS = CLEARABLE_FIELDS;
/** Nullable string fields with no format, where `""` can stand for "unset". */
const PLAIN_STRING_FIELDS = PLAIN_TEXT_FIELDS;
/** Call fields the API does not require (OpenAPI `ScheduledCall`): all of a call's fields. */
const OPTIONAL_CALL_FIELDS = CALL_FIELD_NAMES;

/** A deterministic shuffle (seed 0: unchanged). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  if (seed === 0) return out;
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function rewriteBatch(value: unknown, lat: Latitude): unknown {
  if (!isObject(value)) return value;
  const batch: Json = { ...value };
  if (lat.emptyStrings) {
    for (const field of PLAIN_STRING_FIELDS) if (batch[field] === null) batch[field] = "";
  }
  if (lat.omitNulls) {
    for (const field of OPTIONAL_BATCH_FIELDS) if (batch[field] === null) delete batch[field];
  }
  if (lat.extraFields) {
    batch.priority = "normal";
    batch.stats = { dialedToday: 0 };
  }
  return batch;
}

export function rewriteCall(value: unknown, lat: Latitude): unknown {
  if (!isObject(value)) return value;
  const call: Json = { ...value };
  if (isObject(call.medium)) call.medium = rewriteMedium(call.medium, lat);
  if (lat.omitNulls) {
    for (const field of OPTIONAL_CALL_FIELDS) if (call[field] === null) delete call[field];
  }
  if (lat.extraFields) call.attempt = { count: 0 };
  return call;
}

function rewriteMedium(value: Json, lat: Latitude): Json {
  const medium = structuredClone(value);
  const sipOutgoing = isObject(medium.sip) && isObject(medium.sip.outgoing) ? medium.sip.outgoing : null;
  if (sipOutgoing !== null && typeof sipOutgoing.password === "string") {
    if (lat.passwordInListing === "absent") delete sipOutgoing.password;
    else if (lat.passwordInListing === "empty") sipOutgoing.password = "";
    else if (lat.passwordInListing === "stars") sipOutgoing.password = "****";
  }
  if (lat.nestedNulls) nullsForUnset(medium);
  return medium;
}

/**
 * Writes every unset field of a medium as `null`: the medium kinds, each kind's optional fields,
 * and those of the objects inside it (`outgoing`, `dtmfHandling`, `dataMessages`), read from the
 * medium's schema.
 */
function nullsForUnset(medium: Json, schema: z.ZodObject = MEDIUM_SCHEMA, depth = 0): void {
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!Object.hasOwn(medium, key)) {
      if (field.safeParse(undefined).success) medium[key] = null;
      continue;
    }
    const inner = objectSchema(field);
    const part = medium[key];
    if (inner !== undefined && isObject(part) && depth < 2) nullsForUnset(part, inner, depth + 1);
  }
}

/**
 * An agent as the service may write it: a call template holding values the program never set (the
 * service's own defaults, keys the provider does not know, `""` for an unset text, a key added inside
 * an object the program set). None of it is the program's to revert.
 */
export function rewriteAgent(value: unknown, lat: Latitude): unknown {
  if (!isObject(value) || !isObject(value.callTemplate)) return value;
  const template: Json = structuredClone(value.callTemplate);
  if (lat.extraFields) {
    template.vadSettings ??= { turnEndpointDelay: "0.384s" };
    template.stages = { count: 1 };
    if (isObject(template.contextSchema)) template.contextSchema.additionalProperties = true;
  }
  if (lat.emptyStrings) template.languageHint ??= "";
  if (lat.omitNulls)
    for (const key of Object.keys(template)) if (template[key] === null) delete template[key];
  return { ...value, callTemplate: template };
}
