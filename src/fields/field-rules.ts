/**
 * What a resource's field table means in use: how a field's values compare, the value a PATCH
 * sends for it, the changes the service cannot make, the POST body, and the inputs a live resource
 * implies for refresh and adoption. Pure; no I/O.
 */
import { deepEqual } from "../json/canonical";
import type { ResourceDefinition } from "./definition";
import type { CheckFailure, InputFieldSpec } from "./spec";
import { canonicalTimestamp, compareTimestamps } from "./timestamp";
import { containsUnknown } from "./unknown";

type Props = Record<string, unknown>;
type Definition = ResourceDefinition;

function specOf(def: Definition, field: string): InputFieldSpec {
  const spec = def.inputs[field];
  if (spec === undefined) throw new Error(`${def.kind} has no field ${field}`);
  return spec;
}

/** A field's value in the form that is compared: cleared and absent alike, absent as its default. */
function comparable(spec: InputFieldSpec, value: unknown): unknown {
  if (value === null && spec.clearable) return undefined;
  if ((value === undefined || value === null) && spec.default !== undefined) return spec.default;
  if (spec.instant && typeof value === "string") return canonicalTimestamp(value) ?? value;
  return value;
}

/** True when `news` asks for a different value of `field` than `applied` holds (unknown: changed). */
export function fieldChanged(
  def: Definition,
  field: string,
  applied: Props,
  news: Props,
  chosenByServer: (field: string) => boolean,
): boolean {
  const spec = specOf(def, field);
  const next = news[field];
  if (containsUnknown(next)) return true;
  if (spec.serverChosen && (next === undefined || next === null) && chosenByServer(field)) {
    return false; // the server's choice, which the program never set, is not the program's to remove
  }
  return !deepEqual(comparable(spec, applied[field]), comparable(spec, next));
}

/** The value a PATCH sends for a changed field: the new value, or what clears it. */
export function patchValue(def: Definition, field: string, next: unknown): unknown {
  const spec = specOf(def, field);
  if (next !== undefined && next !== null) return next;
  if (spec.default !== undefined) return spec.default;
  if (spec.clearable) return null;
  throw new Error(`cannot build a PATCH body: ${field} is required but missing from the new inputs`);
}

/**
 * A create-only input added to a resource that exists, from a value known only at apply (another
 * resource's output): preview cannot compare it, and `up` then failed on the value. The resource
 * exists when its previous inputs are not empty (they are on create and on `--replace`).
 */
function unknownAddedFailures(
  def: Definition,
  field: string,
  applied: Props,
  before: unknown,
): CheckFailure[] {
  const spec = specOf(def, field);
  if (!spec.createOnly || before !== undefined || Object.keys(applied).length === 0) return [];
  return [
    {
      property: field,
      reason:
        `${field} only takes effect when the resource is created, and this ${def.noun} resource already ` +
        `exists; its new value is known only at apply (another resource's output), so preview cannot tell ` +
        `it is allowed, and \`pulumi up\` would fail on it. Remove ${field}, or declare a new resource to ` +
        `adopt that ${def.noun}.`,
    },
  ];
}

/**
 * Changes the service cannot make, or that mean nothing after create, as failures naming the field.
 * `applied` holds the inputs in force (stored outputs, or check's previous inputs); `selfId` the
 * resource's id when known. Unknown new values are never judged.
 */
export function transitionFailures(
  def: Definition,
  applied: Props,
  news: Props,
  selfId?: string,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const field of def.inputNames) {
    const spec = specOf(def, field);
    const before = applied[field];
    const next = news[field];
    if (containsUnknown(next)) {
      failures.push(...unknownAddedFailures(def, field, applied, before));
      continue;
    }
    if (
      spec.oneWay &&
      deepEqual(comparable(spec, before), spec.oneWay.from) &&
      deepEqual(comparable(spec, next), spec.oneWay.to)
    ) {
      failures.push({
        property: field,
        reason: `the ${def.noun} has ${field}: ${JSON.stringify(spec.oneWay.from)} (set by this program, or outside Pulumi and picked up by refresh), and the program asks for ${JSON.stringify(spec.oneWay.to)}. ${spec.oneWay.why}`,
      });
    }
    if (spec.createOnly && next !== undefined && next !== null && !deepEqual(next, before)) {
      // On create any value is the one to adopt; later, only this resource's own id. check's previous
      // inputs hold no id when the resource created its own: then only diff, which knows the id, can
      // judge a newly added value.
      if (spec.namesSelf && (next === selfId || (selfId === undefined && before === undefined))) continue;
      const current = selfId ?? before;
      const managed = `${def.noun} ${String(current)}`;
      failures.push({
        property: field,
        reason:
          `${field} only takes effect when the resource is created, and this resource already manages ` +
          `${managed}: it cannot switch to ${String(next)} in place. Remove ${field} (the resource keeps ` +
          `managing ${managed}), or to manage ${String(next)} declare it as a new resource (removing this ` +
          `one deletes its ${def.noun}), or replace on purpose with \`pulumi up --replace <urn>\`.`,
      });
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Request bodies and refresh

/** The POST body: the declared fields the API accepts in a body (parents travel in the path). */
export function createBody(def: Definition, args: Props): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of def.bodyFields) {
    if (args[field] !== undefined && args[field] !== null) body[field] = args[field];
  }
  return body;
}

/**
 * What the service last held for each field it may fill in (`serverMayFill`) that the program leaves
 * out: a value, `""` for nothing, or undefined when unknown (state written before this was recorded).
 */
export type FilledByServer = (field: string) => string | undefined;

/** True when `live` is the value the service filled in, not a change made to the batch since. */
function isFilledIn(field: string, live: unknown, filled: FilledByServer): boolean {
  const recorded = filled(field);
  if (recorded === undefined) return true; // nothing recorded: the first value seen is the filled one
  if (typeof live !== "string" || recorded === "") return false;
  return recorded === live || compareTimestamps(recorded, live) === 0;
}

const isRecord = (value: unknown): value is Props =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `live` cut down to the keys `kept` holds, at every depth (list items pairwise): what the service
 * filled in beside the program's keys is left out; a changed or removed key still shows.
 */
export function keysSetIn(kept: unknown, live: unknown): unknown {
  if (Array.isArray(kept) && Array.isArray(live))
    return live.map((item, index) => (index < kept.length ? keysSetIn(kept[index], item) : item));
  if (!isRecord(kept) || !isRecord(live)) return live;
  const out: Props = {};
  for (const key of Object.keys(kept))
    if (Object.hasOwn(live, key)) out[key] = keysSetIn(kept[key], live[key]);
  return out;
}

/**
 * What a key missing from the service's answer means: on refresh it says nothing, so the stored value
 * stays ("unchanged"; only `null` clears); on adoption there is no stored value, only the program's,
 * and the batch truly has none ("unset").
 */
export type AbsentKey = "unchanged" | "unset";

/**
 * The inputs the live batch implies, for refresh and adoption. Fields the API returns come from the
 * server so drift shows in the next preview: `null` or `""` clears one; a missing key keeps the
 * stored value on refresh (`absent`), a value equal to the default the program left out stays out.
 * Write-only fields and the provider's own are kept; a server-chosen value is left out, and so is a
 * value the service filled in for a field the program never set.
 */
export function inputsFromLive(
  def: Definition,
  stored: Props,
  live: object,
  chosenByServer: (field: string) => boolean,
  filled: FilledByServer,
  absent: AbsentKey = "unchanged",
): Props {
  const liveFields = live as Record<string, unknown>;
  const out: Props = {};
  for (const field of def.inputNames) {
    const spec = specOf(def, field);
    const kept = stored[field];
    let value: unknown;
    // The schema requires none of these keys, and a service version or proxy may leave one out: a
    // missing key says nothing (only `null` clears), or every later `up` would PATCH it back. A
    // secret the service leaves out (redacts) is kept even on adoption.
    const missing = !Object.hasOwn(liveFields, field);
    if (spec.wire !== "body" || spec.writeOnly || (missing && (spec.secret || absent === "unchanged")))
      value = kept;
    else if (spec.serverChosen && chosenByServer(field)) value = undefined;
    else {
      const raw = liveFields[field];
      // "" is how some services spell "not set"; a program can never write it.
      if (raw === null || raw === undefined || raw === "") value = spec.default;
      else if (spec.serverMayFill && kept === undefined && isFilledIn(field, raw, filled)) value = undefined;
      else if (spec.serverFillsKeys) value = keysSetIn(kept ?? {}, raw);
      else value = spec.instant && typeof raw === "string" ? (canonicalTimestamp(raw) ?? raw) : raw;
      if (spec.default !== undefined && deepEqual(value, spec.default) && kept === undefined)
        value = undefined;
    }
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}
