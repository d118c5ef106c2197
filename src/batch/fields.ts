/**
 * Every field of a scheduled call batch, declared once with what it means (fields/spec.ts): the
 * diff, the PATCH and POST bodies, refresh's mapping back to inputs, the engine form, stored state,
 * the service's response schema, the secret keys, the plugin's schema and the docs' field tables
 * are all derived from these entries (definition.ts puts them together).
 *
 * Adding an API field: one entry in INPUT_FIELDS (or OUTPUT_FIELDS) with its zod schema. Its type
 * is inferred from that schema; provider/scheduled-batch.ts fails to compile until the
 * program-facing type has it. docs/field-semantics.md describes each choice in prose.
 */
import { z } from "zod";
import type { InputFieldSpec, OutputFieldSpec } from "../fields/spec";
import { callLabelProblem } from "../privacy/call-label";
import { callPasswords, callsAsLines } from "./calls-codec";
import { callInputSchema, timestampSchema, uuidSchema } from "./schema";

const PAUSED_IS_ONE_WAY =
  "Ultravox cannot resume a paused batch, so un-pausing it could only fail with 400. Keep `paused: true` " +
  "in the program; to start over, replace the batch on purpose with `pulumi up --replace <urn>` or by " +
  "giving the resource a new name (the new batch dials every call again).";

/** Either end of the batch window: an instant the service may fill in when a create leaves it out. */
const WINDOW_END = {
  stored: z.string().nullish(),
  wire: "body",
  clearable: true,
  instant: true,
  serverMayFill: true,
  schema: timestampSchema.nullable().optional(),
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

export const INPUT_FIELDS = {
  agentId: {
    description: "The agent that places the calls.",
    schema: uuidSchema("the id of an Ultravox agent"),
    uuid: true,
    stored: z.string().min(1),
    wire: "path",
    replaces: true,
    writeOnly: true,
  },
  windowStart: {
    ...WINDOW_END,
    description: "Earliest moment calls may be placed (ISO 8601 with an offset). Absent: start at once.",
  },
  windowEnd: {
    ...WINDOW_END,
    description:
      "Latest moment calls may be placed (ISO 8601 with an offset), after `windowStart`. Absent: run until all calls are made.",
  },
  paused: {
    description: "Stop placing calls.",
    schema: z.boolean().optional(),
    stored: z.boolean().nullish(),
    wire: "body",
    default: false,
    oneWay: { from: true, to: false, why: PAUSED_IS_ONE_WAY },
  },
  webhookUrl: {
    description:
      "Called when a call with a non-outgoing medium is created (http or https, at most 200 characters); required for such calls, forbidden otherwise.",
    schema: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .max(200, { message: "must be at most 200 characters long" })
      .optional(),
    stored: serviceText,
    wire: "body",
    clearable: true,
  },
  webhookSecret: {
    description: "Signs webhook requests (at most 120 characters; only with `webhookUrl`).",
    schema: boundedString(120),
    stored: serviceText,
    wire: "body",
    clearable: true,
    serverChosen: true,
    secret: true,
  },
  throttle: {
    description:
      "Name or id of a call throttle whose rate rules the calls obey (at most 64 characters); `throttle: gentle.name` names a CallThrottle of the same program.",
    schema: boundedString(64, " (a call throttle's name or id)"),
    stored: serviceText,
    wire: "body",
    clearable: true,
  },
  calls: {
    description:
      "The calls to make, at least one. Each: `medium` (at most one of `webRtc`, `twilio`, `serverWebSocket`, `telnyx`, `plivo`, `exotel`, `sip`), `metadata` (string to string), `templateContext`, `experimentalSettings`. " +
      "The API has no per-call update: a changed list is sent whole. " +
      "Stored as one canonical JSON line per call, SIP passwords as `$secret:<n>` placeholders into the secret `callSecrets`.",
    schema: z.array(callInputSchema).min(1, { message: "must hold at least one call" }),
    // The program's calls, or the ones a listing showed (adoption): any JSON objects.
    stored: z.array(z.record(z.string(), z.unknown())).optional(),
    wire: "body",
    writeOnly: true,
    engine: callsAsLines,
    personal: true,
    nestedSecrets: callPasswords,
    typeName: "Call",
  },
  adoptBatchId: {
    description: "Adopt this existing batch instead of creating one: it is read, then updated to match.",
    uuid: true,
    schema: uuidSchema("the id of an existing scheduled call batch").optional(),
    stored: z.string().optional(),
    wire: "none",
    createOnly: true,
    namesSelf: true,
  },
  allowRedialOf: {
    description:
      "The id of a batch whose people may be called again: the one re-dial this approves (a replace of that batch, a " +
      "calls edit once it has placed calls, or its re-create after it was deleted outside Pulumi). Never sent to the service.",
    schema: uuidSchema("the id of the batch whose people may be called again").optional(),
    uuid: true,
    stored: z.string().optional(),
    wire: "none",
  },
  callLabel: {
    description:
      "A dotted path into each call (`metadata.crmId`, `templateContext.customerId`) whose value names the call in " +
      "review output and errors, beside its position and masked number. Never sent to the service.",
    schema: z
      .string()
      .refine((path) => callLabelProblem(path) === null, {
        message: "must be a dotted path into a call's metadata or templateContext, e.g. metadata.crmId",
      })
      .optional(),
    stored: z.string().optional(),
    wire: "none",
  },
} as const satisfies Record<string, InputFieldSpec>;

export const OUTPUT_FIELDS = {
  batchId: {
    description: "The batch id the service assigned (also the resource id).",
    schema: z.string().min(1),
    source: "response",
  },
  created: { description: "When the service created the batch.", schema: z.string(), source: "response" },
  totalCount: {
    description: "Number of calls in the batch.",
    schema: z.number(),
    source: "response",
    counts: "calls",
  },
  completedCount: {
    description: "Calls created or errored so far (as of the last create, update or refresh).",
    schema: z.number(),
    source: "response",
  },
  endedAt: {
    description: "When the batch finished; absent while it runs.",
    schema: z.string().optional(),
    source: "response",
  },
  deletedOutsideAt: {
    description:
      "When a refresh proved the batch deleted outside Pulumi (ISO 8601); the state keeps it, with its last counts, until it is re-created or removed.",
    schema: z.string().optional(),
    source: "provider",
  },
  webhookSecretChosenByServer: {
    description: "True when the program never set `webhookSecret`, so the one in use is the server's choice.",
    schema: z.boolean(),
    source: "provider",
  },
  // A value the service filled in is not the program's; refresh treats another value as drift.
  windowStartFilledByServer: {
    description:
      'What the service holds for a `windowStart` the program leaves out ("" for nothing): a value it filled in, kept out of the inputs.',
    schema: z.string().optional(),
    source: "provider",
  },
  windowEndFilledByServer: {
    description:
      'What the service holds for a `windowEnd` the program leaves out ("" for nothing): a value it filled in, kept out of the inputs.',
    schema: z.string().optional(),
    source: "provider",
  },
  stateVersion: {
    description: "The representation of the stored state (for migrations).",
    schema: z.number().int().positive(),
    source: "provider",
  },
} as const satisfies Record<string, OutputFieldSpec>;

export type InputField = keyof typeof INPUT_FIELDS;
export type OutputField = keyof typeof OUTPUT_FIELDS;
