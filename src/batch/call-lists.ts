/**
 * THE comparison of a program's calls with the calls the service lists (`/scheduled_calls`), used
 * wherever a listing is judged: adoption's read-back (adopt.ts); an import takes the listing as it is.
 *
 * The Ultravox docs leave the listing latitude, so "the same" here means:
 * - order does not matter: the lists are compared as multisets;
 * - `null`, absent and `{}` are alike at every depth (an object left empty by that counts as absent),
 *   and so is `""` inside the medium;
 * - a listed SIP password (password-paths.ts) that is absent, `""` or a mask (`****`, `[redacted]`)
 *   matches the program's;
 * - only the fields CALL_FIELDS marks as matched are compared (the listing's own fields such as
 *   `callId` or `status`, and `experimentalSettings`, which the service may extend, are ignored),
 *   and inside the medium only the fields its schema knows (the service may add its own);
 * - metadata keys starting with PROVIDER_METADATA_PREFIX are the provider's own, never the program's.
 *
 * The comparison is one-sided on purpose: it answers "could this listing stand for these calls?".
 * Two program lists (diff, state) are compared strictly (canonical.ts deepEqual): there a removed
 * password or a reordered list is a real change.
 */
import { z } from "zod";
import { isPlainObject, type PlainObject } from "../json/plain-object";
import { CALL_FIELDS } from "./call-fields";
import { PROVIDER_METADATA_PREFIX } from "./create-token";
import { isCallPasswordPath } from "./password-paths";
import { callMediumSchema } from "./schema";

const MATCHED_KEYS = (Object.keys(CALL_FIELDS) as (keyof typeof CALL_FIELDS)[]).filter(
  (key) => CALL_FIELDS[key].matched,
);

/** True when a listed password stands for "hidden": absent, empty, or a mask. */
export function isRedacted(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== "string") return false;
  return /^[*•]*$/.test(value) || /^\[?(redacted|secret|hidden)\]?$/i.test(value);
}

/**
 * `value` with nulls, undefined and empty objects dropped at every depth (arrays keep their length:
 * a null item stays null), and `""` too when `emptyText` is absent there. Undefined when nothing is left.
 */
function normalized(value: unknown, emptyText = false): unknown {
  if (value === null || value === undefined || (emptyText && value === "")) return undefined;
  if (Array.isArray(value)) return value.map((item) => normalized(item, emptyText) ?? null);
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const name of Object.keys(value).sort()) {
    const item = normalized(value[name], emptyText);
    if (item !== undefined) out[name] = item;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The known fields of an object schema (inside optional and nullable), cached: zod builds them on access. */
const knownFields = new WeakMap<z.ZodType, Record<string, z.ZodType> | null>();
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  let fields = knownFields.get(schema);
  if (fields === undefined) {
    let inner = schema;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
      inner = inner.unwrap() as z.ZodType;
    fields = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : null;
    knownFields.set(schema, fields);
  }
  return fields;
}

/** `value` with the keys `schema` does not know left out, at every depth: fields the service added. */
function knownOnly(value: unknown, schema: z.ZodType): unknown {
  const fields = fieldsOf(schema);
  if (fields === null || !isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [name, item] of Object.entries(value)) {
    const field = fields[name];
    if (field !== undefined) out[name] = knownOnly(item, field);
  }
  return out;
}

/**
 * One matched field of a call, normalized. The medium is the service's own structure: fields it
 * adds that the schema does not know are left out, and `""` is absent there. Metadata and
 * templateContext are the program's data, compared as they are, but for the provider's own
 * metadata keys.
 */
function normalizedField(call: PlainObject, key: string): unknown {
  const value = call[key];
  if (key === "medium") return normalized(knownOnly(value, callMediumSchema), true);
  if (key !== "metadata" || !isPlainObject(value)) return normalized(value);
  const own = Object.entries(value).filter(([name]) => !name.startsWith(PROVIDER_METADATA_PREFIX));
  return normalized(Object.fromEntries(own));
}

/** The matched fields of a call, normalized (an empty object when none is set). */
function normalizedCall(call: unknown): PlainObject {
  const source = isPlainObject(call) ? call : {};
  const out: PlainObject = {};
  for (const key of MATCHED_KEYS) {
    const value = normalizedField(source, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A normalized call as text, for grouping; with `passwords: false`, every password left out. */
function callKey(normal: PlainObject, passwords: boolean): string {
  return JSON.stringify(passwords ? normal : withoutPasswords(normal));
}

/** `value` (at `path` inside a call) without the values at the documented password paths. */
function withoutPasswords(value: unknown, path: readonly PropertyKey[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, i) => withoutPasswords(item, [...path, i]));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isCallPasswordPath([...path, key]))
      .map(([key, item]) => [key, withoutPasswords(item, [...path, key])]),
  );
}

/** Normalized values compared; a listed password (at a documented password path) may be hidden. */
function sameNormalized(program: unknown, listed: unknown, path: readonly PropertyKey[] = []): boolean {
  if (isRedacted(listed) && isCallPasswordPath(path)) return true;
  if (Array.isArray(program) && Array.isArray(listed)) {
    return (
      program.length === listed.length &&
      program.every((item, i) => sameNormalized(item, listed[i], [...path, i]))
    );
  }
  if (isPlainObject(program) && isPlainObject(listed)) {
    const keys = new Set([...Object.keys(program), ...Object.keys(listed)]);
    for (const name of keys) if (!sameNormalized(program[name], listed[name], [...path, name])) return false;
    return true;
  }
  return program === listed;
}

/**
 * True when the listing holds exactly the program's calls, in any order. Calls are grouped by their
 * fields without passwords; within a group equal calls pair first, then each remaining listed call
 * (one with a hidden password) takes any remaining program call it matches.
 */
export function sameCallLists(program: readonly unknown[], listed: readonly unknown[]): boolean {
  if (program.length !== listed.length) return false;
  // group key -> exact key -> how many of the program's calls with that key are not yet paired
  const groups = new Map<string, Map<string, { normal: PlainObject; left: number }>>();
  for (const call of program) {
    const normal = normalizedCall(call);
    const key = callKey(normal, false);
    const group = groups.get(key) ?? new Map<string, { normal: PlainObject; left: number }>();
    groups.set(key, group);
    const exact = callKey(normal, true);
    const same = group.get(exact) ?? { normal, left: 0 };
    same.left++;
    group.set(exact, same);
  }
  const rest: { group: Map<string, { normal: PlainObject; left: number }>; normal: PlainObject }[] = [];
  for (const call of listed) {
    const normal = normalizedCall(call);
    const group = groups.get(callKey(normal, false));
    if (group === undefined) return false;
    const same = group.get(callKey(normal, true));
    if (same !== undefined && same.left > 0) same.left--;
    else rest.push({ group, normal });
  }
  for (const { group, normal } of rest) {
    const same = [...group.values()].find((entry) => entry.left > 0 && sameNormalized(entry.normal, normal));
    if (same === undefined) return false;
    same.left--;
  }
  return true;
}
