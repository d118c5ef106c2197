/**
 * The program's inputs for one scheduled call batch: zod schemas (the only place their types are
 * written), the rules that span fields, and `checkBatchArgs`, which turns the raw inputs Pulumi
 * passes into a canonical object plus failures that name the property path.
 */
import { z } from "zod";
import { canonicalJson, isPlainObject, type PlainObject } from "./canonical";
import { formatPath } from "./paths";
import { canonicalTimestamp, compareTimestamps } from "./timestamp";
import { isUnknown, UNKNOWN, unknownPaths } from "./unknown";

export { UNKNOWN };

// ---------------------------------------------------------------------------------------------
// Leaf formats

const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_ADDRESS = /^sips?:/i;
const DURATION = /^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$/;
const RESERVED_METADATA_PREFIX = "ultravox.";

const e164Number = z.string().regex(E164, { message: "must be an E.164 phone number such as +14155550123" });
const numberOrSipAddress = z.string().refine((v) => SIP_ADDRESS.test(v) || E164.test(v), {
  message: "must be an E.164 phone number such as +14155550123, or a SIP address starting with sip: or sips:",
});
const sipAddress = z.string().regex(SIP_ADDRESS, {
  message: "must be a SIP URI starting with sip: or sips: (phone numbers are rejected for SIP)",
});
const timestamp = z.iso.datetime({
  offset: true,
  message:
    "must be an ISO-8601 date-time with seconds and a time zone (Z or ±hh:mm), e.g. 2026-12-01T09:00:00Z",
});
const uuid = (what: string) => z.uuid({ message: `must be ${what} (a UUID)` });
const jsonObject = z.record(z.string(), z.unknown());
const positiveInt = z.int().positive();

/** Runs a rule even when the value has other issues (so all failures are collected), on raw data. */
function rule(fn: (value: unknown, ctx: z.RefinementCtx) => void) {
  return z.superRefine(fn, { when: () => true });
}

/** Keys of `value` that hold something other than `undefined`, split into known and unknown ones. */
function setKeys(value: PlainObject): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    (isUnknown(item) ? unknown : known).push(key);
  }
  return { known, unknown };
}

// ---------------------------------------------------------------------------------------------
// CallMedium (reference §3.5, §3.6)

export const dataMessagesSchema = z.strictObject({
  pong: z.boolean().optional(),
  state: z.boolean().optional(),
  transcript: z.boolean().optional(),
  clientToolInvocation: z.boolean().optional(),
  dataConnectionToolInvocation: z.boolean().optional(),
  playbackClearBuffer: z.boolean().optional(),
  callStarted: z.boolean().optional(),
  debug: z.boolean().optional(),
  callEvent: z.boolean().optional(),
  toolUsed: z.boolean().optional(),
  userStartedSpeaking: z.boolean().optional(),
  userStoppedSpeaking: z.boolean().optional(),
  invokingTool: z.boolean().optional(),
});

export const dtmfHandlingSchema = z.strictObject({
  ignore: z.boolean().optional(),
  userTextMessage: z
    .strictObject({
      text: z.string(),
      urgency: z
        .enum(["URGENCY_UNSPECIFIED", "URGENCY_IMMEDIATE", "URGENCY_SOON", "URGENCY_LATER"])
        .optional(),
    })
    .optional(),
});

const additionalParams = jsonObject.optional();

const sipMediumSchema = z
  .strictObject({
    incoming: z.strictObject({}).optional(),
    outgoing: z
      .strictObject({
        to: sipAddress,
        from: z.string().optional(),
        username: z.string().optional(),
        password: z.string().optional(),
      })
      .optional(),
  })
  .check(
    rule((sip, ctx) => {
      if (!isPlainObject(sip)) return;
      const { known, unknown } = setKeys(sip);
      const both = known.includes("incoming") && known.includes("outgoing");
      if (both || (known.length === 0 && unknown.length === 0)) {
        ctx.addIssue({
          code: "custom",
          message: `exactly one of incoming or outgoing must be set; got ${both ? "both" : "neither"}`,
          path: [],
        });
      }
    }),
  );

export const callMediumSchema = z
  .strictObject({
    webRtc: z.strictObject({ dataMessages: dataMessagesSchema.optional() }).optional(),
    twilio: z
      .strictObject({
        outgoing: z.strictObject({ to: numberOrSipAddress, from: e164Number, additionalParams }).optional(),
        dtmfHandling: dtmfHandlingSchema.optional(),
      })
      .optional(),
    serverWebSocket: z
      .strictObject({
        inputSampleRate: positiveInt,
        outputSampleRate: positiveInt.optional(),
        clientBufferSizeMs: positiveInt.optional(),
        dataMessages: dataMessagesSchema.optional(),
        mediaIdleTimeout: z
          .string()
          .regex(DURATION, { message: 'must be a duration in seconds such as "30s" or "1.5s"' })
          .optional(),
      })
      .optional(),
    telnyx: z
      .strictObject({
        outgoing: z.strictObject({ to: numberOrSipAddress, from: e164Number, additionalParams }).optional(),
        dtmfHandling: dtmfHandlingSchema.optional(),
      })
      .optional(),
    plivo: z
      .strictObject({
        outgoing: z.strictObject({ to: z.string().min(1), from: e164Number, additionalParams }).optional(),
        dtmfHandling: dtmfHandlingSchema.optional(),
      })
      .optional(),
    exotel: z.strictObject({ dtmfHandling: dtmfHandlingSchema.optional() }).optional(),
    sip: sipMediumSchema.optional(),
  })
  .check(
    rule((medium, ctx) => {
      if (!isPlainObject(medium)) return;
      const { known } = setKeys(medium);
      if (known.length > 1) {
        ctx.addIssue({
          code: "custom",
          message: `at most one medium may be set; got ${known.join(", ")}`,
          path: [],
        });
      }
    }),
  );

export type CallMedium = z.infer<typeof callMediumSchema>;

// ---------------------------------------------------------------------------------------------
// ScheduledCall (reference §3.3)

const metadataSchema = z.record(z.string(), z.string()).check(
  rule((metadata, ctx) => {
    if (!isPlainObject(metadata)) return;
    for (const key of Object.keys(metadata)) {
      if (key.startsWith(RESERVED_METADATA_PREFIX)) {
        ctx.addIssue({
          code: "custom",
          message: `metadata keys starting with "${RESERVED_METADATA_PREFIX}" are reserved by Ultravox`,
          path: [key],
        });
      }
    }
  }),
);

export const scheduledCallSchema = z.strictObject({
  medium: callMediumSchema.optional(),
  metadata: metadataSchema.optional(),
  templateContext: jsonObject.optional(),
  experimentalSettings: jsonObject.optional(),
});

export type ScheduledCall = z.infer<typeof scheduledCallSchema>;

// ---------------------------------------------------------------------------------------------
// Rules across fields

const OUTGOING_MEDIA = ["sip.outgoing", "twilio.outgoing", "telnyx.outgoing", "plivo.outgoing"].join(", ");

/** How the scheduler will treat one call: dialed by Ultravox, handed to the webhook, or not knowable now. */
type CallMode = { mode: "outgoing" } | { mode: "webhook"; why: string } | { mode: "undecided" };

function mediumKeyMode(key: string, value: unknown): CallMode {
  if (key === "webRtc" || key === "serverWebSocket" || key === "exotel") {
    return { mode: "webhook", why: `uses the ${key} medium` };
  }
  if (!isPlainObject(value)) return { mode: "undecided" }; // unknown, or invalid and reported elsewhere
  const outgoing = value.outgoing;
  if (isUnknown(outgoing)) return { mode: "undecided" };
  if (key === "sip") {
    const incoming = value.incoming;
    if (isUnknown(incoming) || (incoming === undefined) === (outgoing === undefined))
      return { mode: "undecided" };
    return outgoing !== undefined ? { mode: "outgoing" } : { mode: "webhook", why: "uses sip.incoming" };
  }
  if (key === "twilio" || key === "telnyx" || key === "plivo") {
    return outgoing !== undefined
      ? { mode: "outgoing" }
      : { mode: "webhook", why: `uses ${key} without outgoing` };
  }
  return { mode: "undecided" }; // an unknown medium key, reported elsewhere
}

function callMode(call: unknown): CallMode {
  if (!isPlainObject(call)) return { mode: "undecided" };
  const medium = call.medium;
  if (medium === undefined) return { mode: "webhook", why: "has no medium" };
  if (!isPlainObject(medium)) return { mode: "undecided" };
  const modes = Object.entries(medium)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => mediumKeyMode(key, value));
  const first = modes[0];
  if (first === undefined) return { mode: "webhook", why: "has no medium" };
  return modes.every((m) => m.mode === first.mode) ? first : { mode: "undecided" };
}

function crossFieldRules(args: unknown, ctx: z.RefinementCtx): void {
  if (!isPlainObject(args)) return;
  const { windowStart, windowEnd, webhookUrl, webhookSecret, calls } = args;

  if (typeof windowStart === "string" && typeof windowEnd === "string") {
    const order = compareTimestamps(windowEnd, windowStart);
    if (order !== undefined && order <= 0) {
      ctx.addIssue({
        code: "custom",
        message: `windowEnd (${windowEnd}) must be after windowStart (${windowStart})`,
        path: ["windowEnd"],
      });
    }
  }

  let webhookForbidden = false;
  if (Array.isArray(calls) && !isUnknown(webhookUrl)) {
    const modes = calls.map(callMode);
    const firstWebhook = modes.findIndex((m) => m.mode === "webhook");
    const webhookCall = modes[firstWebhook];
    if (webhookCall?.mode === "webhook" && webhookUrl === undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          `webhookUrl is required because calls[${firstWebhook}] ${webhookCall.why}: Ultravox hands every call ` +
          `whose medium is not an outgoing one (${OUTGOING_MEDIA}) to this URL`,
        path: ["webhookUrl"],
      });
    }
    webhookForbidden = modes.length > 0 && modes.every((m) => m.mode === "outgoing");
    if (webhookForbidden && webhookUrl !== undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          "webhookUrl must not be set: every call uses an outgoing medium, which Ultravox dials itself, " +
          "and the API rejects a webhook URL for such a batch",
        path: ["webhookUrl"],
      });
    }
  }

  if (webhookSecret !== undefined && !isUnknown(webhookSecret) && !isUnknown(webhookUrl)) {
    if (webhookUrl === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "webhookSecret only signs requests to webhookUrl, which is not set; remove webhookSecret",
        path: ["webhookSecret"],
      });
    } else if (webhookForbidden) {
      ctx.addIssue({
        code: "custom",
        message:
          "webhookSecret only signs webhook requests, and a batch whose calls are all outgoing has no webhook",
        path: ["webhookSecret"],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The batch (reference §3.1, §4.5)

export const batchArgsSchema = z
  .strictObject({
    agentId: uuid("the id of an Ultravox agent"),
    calls: z.array(scheduledCallSchema).min(1, { message: "must hold at least one call" }),
    windowStart: timestamp.nullable().optional(),
    windowEnd: timestamp.nullable().optional(),
    paused: z.boolean().optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .max(200, { message: "must be at most 200 characters long" })
      .optional(),
    webhookSecret: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(120, { message: "must be at most 120 characters long" })
      .optional(),
    throttle: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(64, { message: "must be at most 64 characters long (a call throttle's name or id)" })
      .optional(),
    adoptBatchId: uuid("the id of an existing scheduled call batch").optional(),
  })
  .check(rule(crossFieldRules));

/** Canonical program inputs. */
export type BatchArgs = z.infer<typeof batchArgsSchema>;

/** Fields that an update can change in place with a PATCH. */
export const MUTABLE_FIELDS = [
  "windowStart",
  "windowEnd",
  "paused",
  "webhookUrl",
  "webhookSecret",
  "throttle",
  "calls",
] as const;
export type MutableField = (typeof MUTABLE_FIELDS)[number];

// ---------------------------------------------------------------------------------------------
// check

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Every property name the schemas know, to suggest the intended one for a typo. */
const KNOWN_NAMES: readonly string[] = [
  ...new Set(
    [
      batchArgsSchema.shape,
      scheduledCallSchema.shape,
      callMediumSchema.shape,
      dataMessagesSchema.shape,
      dtmfHandlingSchema.shape,
      sipMediumSchema.shape,
      { to: 0, from: 0, additionalParams: 0, username: 0, password: 0, text: 0, urgency: 0 },
      { inputSampleRate: 0, outputSampleRate: 0, clientBufferSizeMs: 0, mediaIdleTimeout: 0 },
    ].flatMap((shape) => Object.keys(shape)),
  ),
];

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function unknownKeyReason(key: string): string {
  let guess: string | undefined;
  let best = 3; // suggest only names at most two edits away, or equal but for case
  for (const name of KNOWN_NAMES) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(name, key);
    if (distance < best) [guess, best] = [name, distance];
  }
  return `unknown property "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}`;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}

/**
 * Canonical form of raw inputs: `__`-prefixed keys (such as `__provider`) and `undefined` values
 * dropped, `null` windows dropped, valid timestamps spelled in UTC, keys sorted at every depth.
 * Unknown sentinels are kept as they are.
 */
function canonicalize(raw: Record<string, unknown>): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("__") || value === undefined) continue;
    if (key === "windowStart" || key === "windowEnd") {
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

/**
 * Validates and canonicalizes the raw inputs Pulumi passes to `check`. Collects every failure,
 * each naming its property path (`calls[3].medium.twilio.outgoing.to`). Values that are still
 * unknown (preview) are never checked, and neither are rules that depend on them.
 */
export function checkBatchArgs(raw: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const inputs = canonicalize(raw);
  const result = batchArgsSchema.safeParse(inputs, {
    error: (issue) =>
      issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined,
  });
  if (result.success) return { inputs, failures: [] };

  const unknowns = unknownPaths(inputs);
  const failures: CheckFailure[] = [];
  const seen = new Set<string>();
  const add = (path: readonly PropertyKey[], reason: string) => {
    const property = formatPath(path);
    const id = `${property}\u0000${reason}`;
    if (seen.has(id)) return;
    seen.add(id);
    failures.push({ property, reason });
  };
  for (const issue of result.error.issues) {
    if (unknowns.some((prefix) => startsWith(issue.path, prefix))) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], unknownKeyReason(key));
    } else {
      add(issue.path, issue.message);
    }
  }
  return { inputs, failures };
}
