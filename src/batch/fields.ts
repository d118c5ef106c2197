/**
 * Every field of a scheduled call batch, declared once with what it means to the provider, in the
 * manner of terraform-plugin-framework's plan modifiers and pulumi-go-provider's field tags. The
 * diff, the PATCH and POST bodies, refresh's mapping back to inputs (field-rules.ts), the engine
 * form (engine-form.ts), the comparison of listed calls (call-lists.ts, with call-fields.ts), and the
 * resource's inputs and outputs are all derived from these tables.
 *
 * Adding an API field: one entry in INPUT_FIELDS (or OUTPUT_FIELDS) with its zod schema. Its type
 * is inferred from that schema; resource.ts fails to compile until the program-facing type has it.
 * docs/field-semantics.md describes each field and each choice in prose.
 */
import { z } from "zod";
import { CALL_SECRETS_KEY, decodeCalls, encodeCalls } from "./calls-text";
import { crossFieldRules } from "./cross-field-rules";
import { callInputSchema, rule, timestampSchema, uuidSchema } from "./schema";

type Props = Record<string, unknown>;

/** A problem with the program's inputs, naming the property path as the program writes it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What one program input means to the provider. Flags left out are false. */
export interface InputFieldSpec {
  /** Its shape as a program may write it (check), with the program's limits. */
  readonly schema: z.ZodType;
  /**
   * Its shape as the service may hold it, which decodes stored state: refresh stores what the
   * service answers, and a value set outside the program (a 70-character throttle, `""`) must stay
   * readable, to show as drift and be reverted, never to make the state unreadable.
   */
  readonly stored: z.ZodType;
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

/** Either end of the batch window: an instant the service may fill in when a create leaves it out. */
const WINDOW_END = {
  schema: timestampSchema.nullable().optional(),
  stored: z.string().nullish(),
  wire: "body",
  clearable: true,
  instant: true,
  serverMayFill: true,
} as const;

/** Any text the service may hold for an optional string field. */
const serviceText = z.string().nullish();

/** A non-empty string of at most `max` characters (`what` says what it is, for the message). */
function boundedString(max: number, what = "") {
  return z
    .string()
    .min(1, { message: "must not be empty" })
    .max(max, { message: `must be at most ${max} characters long${what}` })
    .optional();
}

const INPUT_FIELDS = {
  agentId: {
    schema: uuidSchema("the id of an Ultravox agent"),
    stored: z.string().min(1),
    wire: "path",
    replaces: true,
    writeOnly: true,
  },
  windowStart: WINDOW_END,
  windowEnd: WINDOW_END,
  paused: {
    schema: z.boolean().optional(),
    stored: z.boolean().nullish(),
    wire: "body",
    default: false,
    oneWay: { from: true, to: false, why: PAUSED_IS_ONE_WAY },
  },
  webhookUrl: {
    schema: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .max(200, { message: "must be at most 200 characters long" })
      .optional(),
    stored: serviceText,
    wire: "body",
    clearable: true,
  },
  webhookSecret: {
    schema: boundedString(120),
    stored: serviceText,
    wire: "body",
    clearable: true,
    serverChosen: true,
    secret: true,
  },
  throttle: {
    schema: boundedString(64, " (a call throttle's name or id)"),
    stored: serviceText,
    wire: "body",
    clearable: true,
  },
  calls: {
    schema: z.array(callInputSchema).min(1, { message: "must hold at least one call" }),
    // The program's calls, or the ones a listing showed (adoption): any JSON objects.
    stored: z.array(z.record(z.string(), z.unknown())).optional(),
    wire: "body",
    writeOnly: true,
    engine: callsAsLines,
  },
  adoptBatchId: {
    schema: uuidSchema("the id of an existing scheduled call batch").optional(),
    stored: z.string().optional(),
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
  /**
   * What the service held for a window end the program leaves out, as last answered ("" for
   * nothing): a value it filled in, not the program's. Refresh treats another value as drift.
   */
  windowStartFilledByServer: { schema: z.string().optional(), source: "provider" },
  windowEndFilledByServer: { schema: z.string().optional(), source: "provider" },
  /** The representation of this state, so a later version can migrate it (absent: version 1). */
  stateVersion: { schema: z.number().int().positive(), source: "provider" },
} as const satisfies Record<string, OutputFieldSpec>;

export type InputField = keyof typeof INPUT_FIELDS;
export type OutputField = keyof typeof OUTPUT_FIELDS;

/** The input fields' specs, typed for lookups by name. */
export const INPUT_SPECS: Record<InputField, InputFieldSpec> = INPUT_FIELDS;
const SPECS = INPUT_SPECS;
export const INPUT_FIELD_NAMES = Object.keys(INPUT_FIELDS) as InputField[];
export const OUTPUT_FIELD_NAMES = Object.keys(OUTPUT_FIELDS) as OutputField[];

type ShapeOf<T extends Record<string, { schema: z.ZodType }>> = { [K in keyof T]: T[K]["schema"] };

function shapeOf<T extends Record<string, { schema: z.ZodType }>>(fields: T): ShapeOf<T> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.schema])) as ShapeOf<T>;
}

const batchArgsShape = shapeOf(INPUT_FIELDS);
export const outputOnlyShape = shapeOf(OUTPUT_FIELDS);

/** The inputs' shape as stored state may hold them (each field's `stored` schema). */
export const storedArgsShape = Object.fromEntries(
  Object.entries(INPUT_FIELDS).map(([name, spec]) => [name, spec.stored]),
) as { [K in InputField]: (typeof INPUT_FIELDS)[K]["stored"] };

/** Inputs as stored state holds them: the program's, or what refresh or adoption read from the service. */
export type StoredArgs = z.infer<z.ZodObject<typeof storedArgsShape>>;

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

/** Fields the service may fill in when the program leaves them out. */
export const SERVER_FILLED_FIELDS = INPUT_FIELD_NAMES.filter((f) => SPECS[f].serverMayFill);

/** The stored output recording what the service filled in for a `serverMayFill` field. */
export function filledByServerKey(field: InputField): string {
  return `${field}FilledByServer`;
}

/** The stored flag telling that a `serverChosen` field's value is the server's choice. */
export function chosenByServerFlag(field: InputField): string {
  return `${field}ChosenByServer`;
}
