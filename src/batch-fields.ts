/**
 * Every field of a scheduled call batch, declared once with what it means to the provider, in the
 * manner of terraform-plugin-framework's plan modifiers and pulumi-go-provider's field tags. The
 * diff, the PATCH and POST bodies, refresh's mapping back to inputs, the matching of a batch to a
 * create request, and the resource's inputs and outputs are all derived from these two tables.
 *
 * Adding an API field: one entry in INPUT_FIELDS (or OUTPUT_FIELDS) with its zod schema. Its type
 * is inferred from that schema; resource.ts fails to compile until the program-facing type has it.
 * docs/field-semantics.md describes each field and each choice in prose.
 */
import { z } from "zod";
import type { BatchResponse } from "./api-types";
import { CALL_SECRETS_KEY, decodeCalls, encodeCalls } from "./calls-text";
import { canonicalJson, deepEqual, isPlainObject } from "./canonical";
import { callInputSchema, crossFieldRules, rule, timestampSchema, uuidSchema } from "./schema";
import { canonicalTimestamp, compareTimestamps } from "./timestamp";
import { containsUnknown, UNKNOWN } from "./unknown";

type Props = Record<string, unknown>;

/** A problem with the program's inputs, naming the property path as the program writes it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What one program input means to the provider. Flags left out are false. */
export interface InputFieldSpec {
  /** Its shape, also used to decode stored state. */
  readonly schema: z.ZodType;
  /** Where it travels: in the URL path, in the POST and PATCH bodies, or nowhere (the provider's own). */
  readonly wire: "path" | "body" | "none";
  /** A change replaces the batch. */
  readonly replaces?: boolean;
  /** Takes effect only when the resource is created; a later change fails at preview. */
  readonly createOnly?: boolean;
  /** Holds the id of the batch itself, so a later value equal to that id is no change. */
  readonly namesBatch?: boolean;
  /** `null` clears it on the service: removing it from the program PATCHes `null`. */
  readonly clearable?: boolean;
  /** What absence means (absent and this value compare equal). */
  readonly default?: unknown;
  /** Compared as an instant, not as text: `09:00:00+02:00` equals `07:00:00Z`. */
  readonly instant?: boolean;
  /** The service never returns it: refresh keeps the stored value. */
  readonly writeOnly?: boolean;
  /** The service picks a value when the program sets none; that value is not the program's to remove. */
  readonly serverChosen?: boolean;
  /** The service may fill in a value when a create leaves it out (create-matching does not compare it then). */
  readonly serverMayFill?: boolean;
  /** Kept secret in state. */
  readonly secret?: boolean;
  /** A change of value the service cannot make; asking for it fails at preview with `why`. */
  readonly oneWay?: { readonly from: unknown; readonly to: unknown; readonly why: string };
  /** Crosses the engine in another representation than the program's (see EngineCodec). */
  readonly engine?: EngineCodec;
}

/**
 * How a field travels between the program, the engine and state when its program form is not the
 * best engine form. The provider works on the program form everywhere; only the boundary with the
 * engine (check's result, stored outputs, read's inputs) encodes, and everything the engine hands
 * over is decoded. Decoding also accepts the program form, so a direct caller and old state work.
 */
export interface EngineCodec {
  /** Engine properties besides the field's own name that it travels as. */
  readonly extraKeys: readonly string[];
  /** Of those, the ones kept secret in state. */
  readonly secretKeys: readonly string[];
  /** Engine properties for a known program value (the field's own key included); undefined when `value` is already in engine form. */
  encode(value: unknown): Props | undefined;
  /** The program value from engine properties; failures name the property as the program writes it. */
  decode(props: Props): { value: unknown; failures: CheckFailure[] };
}

/** `calls` as canonical JSON Lines with passwords in a secret list (calls-text.ts). */
const callsAsLines: EngineCodec = {
  extraKeys: [CALL_SECRETS_KEY],
  secretKeys: [CALL_SECRETS_KEY],
  encode(value) {
    if (typeof value === "string") return undefined;
    if (!Array.isArray(value)) return { calls: value };
    const { text, secrets } = encodeCalls(value);
    return { calls: text, [CALL_SECRETS_KEY]: secrets.length > 0 ? secrets : undefined };
  },
  decode(props) {
    const value = props.calls;
    if (typeof value !== "string") return { value, failures: [] }; // the program form, or not a list at all
    const { calls, failures } = decodeCalls(value, props[CALL_SECRETS_KEY]);
    return { value: calls, failures };
  },
};

/** What one output-only property holds. */
export interface OutputFieldSpec {
  readonly schema: z.ZodType;
  /** Copied from the service's batch response, or the provider's own bookkeeping. */
  readonly source: "response" | "provider";
  /** The service counts this input field's items in it (so a create can be matched by count). */
  readonly counts?: InputField;
}

const PAUSED_IS_ONE_WAY =
  "Ultravox cannot resume a paused batch, so un-pausing it could only fail with 400. Keep `paused: true` " +
  "in the program; to start over, replace the batch on purpose with `pulumi up --replace <urn>` or by " +
  "giving the resource a new name (the new batch dials every call again).";

export const INPUT_FIELDS = {
  agentId: {
    schema: uuidSchema("the id of an Ultravox agent"),
    wire: "path",
    replaces: true,
    writeOnly: true,
  },
  windowStart: {
    schema: timestampSchema.nullable().optional(),
    wire: "body",
    clearable: true,
    instant: true,
    serverMayFill: true,
  },
  windowEnd: {
    schema: timestampSchema.nullable().optional(),
    wire: "body",
    clearable: true,
    instant: true,
    serverMayFill: true,
  },
  paused: {
    schema: z.boolean().optional(),
    wire: "body",
    default: false,
    oneWay: { from: true, to: false, why: PAUSED_IS_ONE_WAY },
  },
  webhookUrl: {
    schema: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .max(200, { message: "must be at most 200 characters long" })
      .optional(),
    wire: "body",
    clearable: true,
  },
  webhookSecret: {
    schema: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(120, { message: "must be at most 120 characters long" })
      .optional(),
    wire: "body",
    clearable: true,
    serverChosen: true,
    secret: true,
  },
  throttle: {
    schema: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(64, { message: "must be at most 64 characters long (a call throttle's name or id)" })
      .optional(),
    wire: "body",
    clearable: true,
  },
  calls: {
    schema: z.array(callInputSchema).min(1, { message: "must hold at least one call" }),
    wire: "body",
    writeOnly: true,
    engine: callsAsLines,
  },
  adoptBatchId: {
    schema: uuidSchema("the id of an existing scheduled call batch").optional(),
    wire: "none",
    createOnly: true,
    namesBatch: true,
  },
} as const satisfies Record<string, InputFieldSpec>;

export const OUTPUT_FIELDS = {
  batchId: { schema: z.string().min(1), source: "response" },
  created: { schema: z.string(), source: "response" },
  totalCount: { schema: z.number(), source: "response", counts: "calls" },
  completedCount: { schema: z.number(), source: "response" },
  endedAt: { schema: z.string().optional(), source: "response" },
  /** True when the program never set `webhookSecret`, so the one in state is the server's choice. */
  webhookSecretChosenByServer: { schema: z.boolean(), source: "provider" },
  /** The representation of this state, so a later version can migrate it (absent: version 1). */
  stateVersion: { schema: z.number().int().positive(), source: "provider" },
} as const satisfies Record<string, OutputFieldSpec>;

export type InputField = keyof typeof INPUT_FIELDS;
export type OutputField = keyof typeof OUTPUT_FIELDS;

const SPECS: Record<InputField, InputFieldSpec> = INPUT_FIELDS;
export const INPUT_FIELD_NAMES = Object.keys(INPUT_FIELDS) as InputField[];
export const OUTPUT_FIELD_NAMES = Object.keys(OUTPUT_FIELDS) as OutputField[];

type ShapeOf<T extends Record<string, { schema: z.ZodType }>> = { [K in keyof T]: T[K]["schema"] };

function shapeOf<T extends Record<string, { schema: z.ZodType }>>(fields: T): ShapeOf<T> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.schema])) as ShapeOf<T>;
}

export const batchArgsShape = shapeOf(INPUT_FIELDS);
export const outputOnlyShape = shapeOf(OUTPUT_FIELDS);

/** The program's inputs for one batch, with the rules that span fields. */
export const batchArgsSchema = z.strictObject(batchArgsShape).check(rule(crossFieldRules));

/** Canonical program inputs. */
export type BatchArgs = z.infer<typeof batchArgsSchema>;

/** Fields the API accepts in a POST or PATCH body. */
export type BodyField = {
  [K in InputField]: (typeof INPUT_FIELDS)[K]["wire"] extends "body" ? K : never;
}[InputField];
export const BODY_FIELDS = INPUT_FIELD_NAMES.filter((f) => SPECS[f].wire === "body") as BodyField[];

/** Fields whose change replaces the batch. */
export const REPLACING_FIELDS = INPUT_FIELD_NAMES.filter((f) => SPECS[f].replaces);

/** Inputs kept secret in state. */
export const SECRET_FIELDS = INPUT_FIELD_NAMES.filter((f) => SPECS[f].secret);

/** Engine properties of encoded fields kept secret in state (besides SECRET_FIELDS). */
export const ENGINE_SECRET_KEYS = INPUT_FIELD_NAMES.flatMap((f) => SPECS[f].engine?.secretKeys ?? []);

/**
 * Program-form props (canonical inputs, outputs) in the form the engine stores: each field with an
 * engine codec encoded; a value still unknown (preview) stays the unknown sentinel.
 */
export function toEngine<T extends Props>(props: T): Props {
  const out: Props = { ...props };
  for (const field of INPUT_FIELD_NAMES) {
    const codec = SPECS[field].engine;
    if (codec === undefined || !Object.hasOwn(props, field)) continue;
    const value = props[field];
    if (value === undefined) continue;
    const encoded = containsUnknown(value) ? { [field]: UNKNOWN } : codec.encode(value);
    if (encoded === undefined) continue; // already in engine form
    for (const key of codec.extraKeys) delete out[key];
    Object.assign(out, encoded);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Engine props back in program form, with the failures of fields that do not decode. */
export function fromEngine(props: Props): { props: Props; failures: CheckFailure[] } {
  const out: Props = { ...props };
  const failures: CheckFailure[] = [];
  for (const field of INPUT_FIELD_NAMES) {
    const codec = SPECS[field].engine;
    if (codec === undefined) continue;
    for (const key of codec.extraKeys) delete out[key];
    if (props[field] === undefined) continue;
    const decoded = codec.decode(props);
    out[field] = decoded.value;
    failures.push(...decoded.failures);
  }
  return { props: out, failures };
}

/** Engine props back in program form; throws when they do not decode (check already validated them). */
export function fromEngineOrThrow(props: Props): Props {
  const { props: decoded, failures } = fromEngine(props);
  if (failures.length > 0) throw new Error(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  return decoded;
}

/** The stored flag telling that a `serverChosen` field's value is the server's choice. */
export function chosenByServerFlag(field: InputField): string {
  return `${field}ChosenByServer`;
}

// ---------------------------------------------------------------------------------------------
// Comparing

/** A field's value in the form that is compared: cleared and absent alike, absent as its default. */
export function comparable(field: InputField, value: unknown): unknown {
  const spec = SPECS[field];
  if (value === null && spec.clearable) return undefined;
  if ((value === undefined || value === null) && spec.default !== undefined) return spec.default;
  if (spec.instant && typeof value === "string") return canonicalTimestamp(value) ?? value;
  return value;
}

/** True when `news` asks for a different value of `field` than `applied` holds (unknown: changed). */
export function fieldChanged(
  field: InputField,
  applied: Props,
  news: Props,
  chosenByServer: (field: InputField) => boolean,
): boolean {
  const next = news[field];
  if (containsUnknown(next)) return true;
  if (SPECS[field].serverChosen && (next === undefined || next === null) && chosenByServer(field)) {
    return false; // the server's choice, which the program never set, is not the program's to remove
  }
  return !deepEqual(comparable(field, applied[field]), comparable(field, next));
}

/** The value a PATCH sends for a changed field: the new value, or what clears it. */
export function patchValue(field: BodyField, next: unknown): unknown {
  const spec = SPECS[field];
  if (next !== undefined && next !== null) return next;
  if (spec.default !== undefined) return spec.default;
  if (spec.clearable) return null;
  throw new Error(`cannot build a PATCH body: ${field} is required but missing from the new inputs`);
}

/**
 * Changes the service cannot make, or that mean nothing after create, as failures naming the field.
 * `applied` holds the inputs in force (stored outputs, or check's previous inputs); `batchId` the
 * resource's id when known. Unknown new values are never judged.
 */
export function transitionFailures(applied: Props, news: Props, batchId?: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const field of INPUT_FIELD_NAMES) {
    const spec = SPECS[field];
    const before = applied[field];
    const next = news[field];
    if (containsUnknown(next)) continue;
    if (
      spec.oneWay &&
      deepEqual(comparable(field, before), spec.oneWay.from) &&
      deepEqual(comparable(field, next), spec.oneWay.to)
    ) {
      failures.push({
        property: field,
        reason: `the batch has ${field}: ${JSON.stringify(spec.oneWay.from)} (set by this program, or outside Pulumi and picked up by refresh), and the program asks for ${JSON.stringify(spec.oneWay.to)}. ${spec.oneWay.why}`,
      });
    }
    if (spec.createOnly && next !== undefined && next !== null && !deepEqual(next, before)) {
      // On create (no agentId in force yet) any value is the one to adopt; later, only this batch's own id.
      if (spec.namesBatch && (next === batchId || (batchId === undefined && applied.agentId === undefined)))
        continue;
      const current = batchId ?? before;
      failures.push({
        property: field,
        reason:
          `${field} only takes effect when the resource is created, and this resource already manages batch ` +
          `${String(current)}: it cannot switch to ${String(next)} in place. Remove ${field} (the resource keeps ` +
          `managing ${String(current)}), or to manage ${String(next)} declare it as a new resource (removing this ` +
          "one deletes its batch), or replace on purpose with `pulumi up --replace <urn>`.",
      });
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Request bodies and refresh

/** The POST body for a batch: the declared fields the API accepts in a body (agentId travels in the path). */
export function createBody(args: Props): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of BODY_FIELDS) {
    if (args[field] !== undefined && args[field] !== null) body[field] = args[field];
  }
  return body;
}

/**
 * The inputs the live batch implies, for refresh and adoption. Fields the API returns come from the
 * server so drift shows in the next preview: `null` clears one, a key missing from the response keeps
 * the stored value (the response schema is lenient), a value equal to the default the program left
 * out stays out. Write-only fields and the provider's own are kept; a server-chosen value is left out.
 */
export function inputsFromLive(
  stored: Props,
  live: BatchResponse,
  chosenByServer: (field: InputField) => boolean,
): BatchArgs {
  const liveFields = live as Record<string, unknown>;
  const out: Props = {};
  for (const field of INPUT_FIELD_NAMES) {
    const spec = SPECS[field];
    const kept = stored[field];
    let value: unknown;
    if (spec.wire !== "body" || spec.writeOnly || !Object.hasOwn(liveFields, field)) value = kept;
    else if (spec.serverChosen && chosenByServer(field)) value = undefined;
    else {
      const raw = liveFields[field];
      value =
        raw === null
          ? spec.default
          : spec.instant && typeof raw === "string"
            ? (canonicalTimestamp(raw) ?? raw)
            : raw;
      if (spec.default !== undefined && deepEqual(value, spec.default) && kept === undefined)
        value = undefined;
    }
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out as BatchArgs;
}

// ---------------------------------------------------------------------------------------------
// Matching a batch to a create request (safe-create, after an ambiguous POST)

/** Fields of one call, and whether a listed call must match the requested one in it. */
export const CALL_FIELDS = {
  medium: { matched: true },
  metadata: { matched: true },
  templateContext: { matched: true },
  /** Not compared: the service may add settings of its own. */
  experimentalSettings: { matched: false },
} as const satisfies Record<keyof z.infer<typeof callInputSchema>, { matched: boolean }>;

type CallKeysAreSchemaKeys = keyof typeof CALL_FIELDS extends keyof typeof callInputSchema.shape
  ? keyof typeof callInputSchema.shape extends keyof typeof CALL_FIELDS
    ? true
    : false
  : false;
const callKeysAreSchemaKeys: CallKeysAreSchemaKeys = true;
void callKeysAreSchemaKeys;

/** A call as `/scheduled_calls` lists it, in the shape the program declares calls (nulls dropped). */
export function callFromListing(item: Record<string, unknown>): Record<string, unknown> {
  const call: Record<string, unknown> = {};
  for (const key of Object.keys(CALL_FIELDS)) {
    if (item[key] !== null && item[key] !== undefined) call[key] = item[key];
  }
  return canonicalJson(call) as Record<string, unknown>;
}

/** Deep equality, key-order-insensitive; null, undefined and `{}` count as "nothing"; passwords ignored. */
function sameEcho(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === null || v === undefined || (isPlainObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameEcho(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // The service may redact passwords it echoes back; do not let that defeat the match.
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key !== "password"));
    for (const key of keys) if (!sameEcho(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

/** True when a listed call is the requested one, in every field CALL_FIELDS marks as matched. */
export function matchesRequestedCall(requested: unknown, listed: Record<string, unknown>): boolean {
  if (!isPlainObject(requested)) return false;
  return (Object.keys(CALL_FIELDS) as (keyof typeof CALL_FIELDS)[])
    .filter((key) => CALL_FIELDS[key].matched)
    .every((key) => sameEcho(requested[key], listed[key]));
}

const absent = (v: unknown) => v === undefined || v === null || v === "";

/**
 * True when `batch` holds what the POST `body` asked for, field by field as the table declares:
 * instants compared as instants, an omitted field with a default must hold the default, one the
 * server chooses or may fill is not compared, a write-only list by the count the service reports.
 * (How recent the batch must be is safe-create's concern, not a field's.)
 */
export function matchesCreateRequest(batch: BatchResponse, body: Record<string, unknown>): boolean {
  const live = batch as Record<string, unknown>;
  for (const field of BODY_FIELDS) {
    const spec = SPECS[field];
    if (spec.writeOnly) continue;
    const wanted = body[field];
    const actual = live[field];
    if (absent(wanted)) {
      if (spec.serverChosen || spec.serverMayFill) continue;
      if (!deepEqual(comparable(field, absent(actual) ? undefined : actual), comparable(field, undefined))) {
        return false;
      }
    } else if (spec.instant) {
      if (typeof wanted !== "string" || typeof actual !== "string") return false;
      if (compareTimestamps(wanted, actual) !== 0) return false;
    } else if (!deepEqual(comparable(field, wanted), comparable(field, actual))) {
      return false;
    }
  }
  for (const output of OUTPUT_FIELD_NAMES) {
    const counted = (OUTPUT_FIELDS[output] as OutputFieldSpec).counts;
    if (counted === undefined) continue;
    const items = body[counted];
    if (live[output] !== (Array.isArray(items) ? items.length : 0)) return false;
  }
  return true;
}
