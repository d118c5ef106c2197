/**
 * The shape of a program's calls and leaf values: zod schemas (the only place their types are
 * written). The rules that span the batch's fields are in cross-field-rules.ts. The batch's own
 * fields and what each means to the provider are declared in fields.ts; fields/check.ts turns raw
 * inputs into canonical ones.
 *
 * These schemas define the representation, and stored state is decoded with them too: a rule that
 * only tightens what a program may ask for belongs in check.ts, where old state never meets it.
 */
import { z } from "zod";
import { isUnknown, UNKNOWN } from "../fields/unknown";
import { isPlainObject, type PlainObject } from "../json/plain-object";
import { PROVIDER_METADATA_PREFIX } from "./create-token";

export { UNKNOWN };

// ---------------------------------------------------------------------------------------------
// Leaf formats

export const E164 = /^\+[1-9]\d{1,14}$/;
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
export const timestampSchema = z.iso.datetime({
  offset: true,
  message:
    "must be an ISO-8601 date-time with seconds and a time zone (Z or ±hh:mm), e.g. 2026-12-01T09:00:00Z",
});
export const uuidSchema = (what: string) => z.uuid({ message: `must be ${what} (a UUID)` });
const jsonObject = z.record(z.string(), z.unknown());
const positiveInt = z.int().positive();

/** Runs a rule even when the value has other issues (so all failures are collected), on raw data. */
export function rule(fn: (value: unknown, ctx: z.RefinementCtx) => void) {
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

export const sipMediumSchema = z
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
      if (key.startsWith(PROVIDER_METADATA_PREFIX)) {
        ctx.addIssue({
          code: "custom",
          message: `metadata keys starting with "${PROVIDER_METADATA_PREFIX}" are reserved by pulumi-ultravox (it marks the batches it creates)`,
          path: [key],
        });
      }
    }
  }),
);

export const callInputSchema = z.strictObject({
  medium: callMediumSchema.optional(),
  metadata: metadataSchema.optional(),
  templateContext: jsonObject.optional(),
  experimentalSettings: jsonObject.optional(),
});

export type ScheduledCall = z.infer<typeof callInputSchema>;
