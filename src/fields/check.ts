/**
 * `checkArgs`: turns the raw inputs Pulumi passes to `check` into a canonical object plus failures
 * that name the property path, before any request is sent.
 *
 * Two layers: the field schemas (the definition's table) say what a resource looks like and also
 * decode stored state; the check-level rules say what a program may ask for (bounded depth, no
 * prototype keys, finite numbers, the definition's own `checkRules`, changes the service can
 * make). Tightening a rule here never breaks decoding an existing stack's state.
 */

import { canonicalJson } from "../json/canonical";
import { notJsonReason, notPlainJsonReason } from "../json/json-value";
import { formatPath } from "../json/paths";
import type { PlainObject } from "../json/plain-object";
import type { ResourceDefinition } from "./definition";
import { fromEngine, toEngine } from "./engine-form";
import { transitionFailures } from "./field-rules";
import { NUMBER_FOR_STRING } from "./number-for-string";
import type { CheckFailure } from "./spec";
import { withoutEngineKeys } from "./stored-state";
import { canonicalTimestamp } from "./timestamp";
import { unknownKeyReason } from "./typo-hints";
import { isUnknown, unknownPaths } from "./unknown";

/** Deepest nesting accepted below the resource (`calls[0].templateContext.a.b...` counts each step). */
const MAX_DEPTH = 64;

const ANY_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys that JavaScript objects treat specially: as an own key they vanish or replace the prototype. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}

// ---------------------------------------------------------------------------------------------
// Rules on the raw value, before anything recurses into it

/**
 * Walks the raw inputs without recursion: depth beyond MAX_DEPTH, own prototype keys, NaN and
 * ±Infinity (JSON has neither: they would be sent as `null`), values JSON has no form for (a Map,
 * a function, a bigint, a Date from a direct caller). Returns the failures and whether the
 * value is too deep to be walked further safely.
 */
function rawValueFailures(raw: PlainObject): { failures: CheckFailure[]; tooDeep: boolean } {
  const failures: CheckFailure[] = [];
  let tooDeep = false;
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = Object.entries(raw)
    .filter(([key]) => !key.startsWith("__"))
    .map(([key, value]) => ({ value, path: [key] }));
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value === "number" && !Number.isFinite(value)) {
      failures.push({
        property: formatPath(path),
        reason: `must be a finite number, not ${String(value)} (JSON has no such number: it would be sent as null)`,
      });
      continue;
    }
    const notJson = notJsonReason(value) ?? notPlainJsonReason(value);
    if (notJson !== undefined) {
      failures.push({ property: formatPath(path), reason: notJson });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length > MAX_DEPTH) {
      tooDeep = true;
      failures.push({
        property: formatPath(path.slice(0, MAX_DEPTH + 1)),
        reason: `nests deeper than ${MAX_DEPTH} levels; flatten it`,
      });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, path: [...path, i] });
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) {
        failures.push({
          property: formatPath([...path, key]),
          reason: `the key "${key}" cannot be sent: JavaScript objects treat it specially (it would vanish or replace the object's prototype); rename it`,
        });
        continue;
      }
      stack.push({ value: (value as PlainObject)[key], path: [...path, key] });
    }
  }
  return { failures, tooDeep };
}

// ---------------------------------------------------------------------------------------------
// check

/**
 * Canonical form of raw inputs: `__`-prefixed keys (such as `__provider`) and `undefined` values
 * dropped, `null` instants dropped, valid timestamps spelled in UTC, UUIDs in lower case, keys
 * sorted at every depth. Unknown sentinels are kept as they are.
 */
function canonicalize(def: ResourceDefinition, raw: Record<string, unknown>): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("__") || value === undefined) continue;
    const spec = Object.hasOwn(def.inputs, key) ? def.inputs[key] : undefined;
    // UUIDs are case-insensitive, the service's paths are not (Django's <uuid:> converter: lower case).
    if (spec?.uuid && typeof value === "string" && ANY_CASE_UUID.test(value)) {
      out[key] = value.toLowerCase();
      continue;
    }
    if (spec?.instant) {
      if (value === null) continue;
      if (typeof value === "string" && !isUnknown(value)) {
        out[key] = canonicalTimestamp(value) ?? value;
        continue;
      }
    }
    out[key] = value;
  }
  return canonicalJson(out) as PlainObject;
}

function schemaFailures(
  def: ResourceDefinition,
  inputs: PlainObject,
  reported: ReadonlySet<string>,
): CheckFailure[] {
  const result = def.argsSchema.safeParse(inputs, {
    error: (issue) => {
      if (issue.code !== "invalid_type") return undefined;
      if (issue.input === undefined) return "is required";
      return issue.expected === "string" && typeof issue.input === "number" ? NUMBER_FOR_STRING : undefined;
    },
  });
  if (result.success) return [];
  const unknowns = unknownPaths(inputs);
  const failures: CheckFailure[] = [];
  const add = (path: readonly PropertyKey[], reason: string) => {
    const property = formatPath(path);
    if (!reported.has(property)) failures.push({ property, reason });
  };
  for (const issue of result.error.issues) {
    if (unknowns.some((prefix) => startsWith(issue.path, prefix))) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], unknownKeyReason(key, knownNames(def)));
    } else {
      add(issue.path, issue.message);
    }
  }
  return failures;
}

/**
 * Validates and canonicalizes the raw inputs Pulumi passes to `check`. Collects every failure,
 * each naming its property path (`calls[3].medium.twilio.outgoing.to`). Values that are still
 * unknown (preview) are never checked, and neither are rules that depend on them. `olds` are the
 * previous inputs (empty on create and on `pulumi up --replace`): a change the service cannot make
 * from them (un-pausing) fails here.
 */
export function checkArgs(
  def: ResourceDefinition,
  engineRaw: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  // A field with an engine codec may come in engine form (from the resource class) or as the program wrote it.
  const { props: raw, failures: decodeFailures } = fromEngine(def, engineRaw);
  if (decodeFailures.length > 0) return { inputs: withoutEngineKeys(raw), failures: decodeFailures };
  const raws = rawValueFailures(raw);
  if (raws.tooDeep) {
    // Anything that recurses (canonical form, zod) would overflow the stack: stop here.
    return { inputs: withoutEngineKeys(raw), failures: raws.failures };
  }
  const inputs = canonicalize(def, raw);
  const failures = [
    ...raws.failures,
    ...schemaFailures(def, inputs, new Set(raws.failures.map((f) => f.property))),
  ];
  failures.push(...(def.checkRules?.(inputs) ?? []));
  failures.push(...transitionFailures(def, olds, inputs));
  const seen = new Set<string>();
  const unique = failures.filter((f) => {
    const id = `${f.property}\u0000${f.reason}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { inputs, failures: unique };
}

/**
 * check as the engine needs it: the canonical inputs in the form the engine stores (a batch's
 * `calls` as one canonical text, SIP passwords in the secret `callSecrets`), whatever form they came in.
 */
export function checkForEngine(
  def: ResourceDefinition,
  raw: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { inputs, failures } = checkArgs(def, raw, olds);
  // After a failed check nothing is sent or stored: the program form lets failuresForEngine find
  // each failing value by its path.
  return { inputs: failures.length === 0 ? toEngine(def, inputs) : inputs, failures };
}

/** Every name "did you mean" may suggest: the table's inputs and the names inside their values. */
function knownNames(def: ResourceDefinition): readonly string[] {
  return [...def.inputNames, ...(def.nestedNames ?? [])];
}
