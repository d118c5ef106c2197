/**
 * Every field of a call throttle (`/api/call_throttles`, reference §3.8), declared once with what it
 * means (fields/spec.ts). A throttle is a name and sliding-window rules; a batch names one in its
 * `throttle` field (by name or id).
 */
import { z } from "zod";
import type { InputFieldSpec, OutputFieldSpec } from "../fields/spec";

/** One sliding window: at most `maxCalls` calls in any `windowSeconds` seconds. */
const ruleSchema = z.strictObject({
  maxCalls: z
    .int({ message: "must be a whole number of calls" })
    .min(1, { message: "must be at least 1" })
    .max(100, { message: "must be at most 100" }),
  windowSeconds: z
    .int({ message: "must be a whole number of seconds" })
    .min(1, { message: "must be at least 1" })
    .max(86_400, { message: "must be at most 86400 (one day)" }),
});

export const INPUT_FIELDS = {
  name: {
    description:
      "The throttle's name, unique in the account (at most 64 characters); a batch's `throttle` may name it.",
    schema: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(64, { message: "must be at most 64 characters long" })
      // The service trims the name: a padded one would read back different and drift forever.
      .refine((name) => name.trim() === name, { message: "must not start or end with whitespace" }),
    stored: z.string(),
    wire: "body",
  },
  rules: {
    description:
      "Sliding-window limits, each `{maxCalls 1-100, windowSeconds 1-86400}`: calls placed under the throttle never exceed any of them. Sent whole when it changes.",
    schema: z.array(ruleSchema).min(1, { message: "must hold at least one rule" }),
    // What the service may hold: any numbers (a dashboard edit must stay readable, to show as drift).
    stored: z.array(z.object({ maxCalls: z.number(), windowSeconds: z.number() })),
    wire: "body",
    typeName: "CallThrottleRule",
  },
  adoptThrottleId: {
    description: "Adopt this existing throttle instead of creating one: it is read, then updated to match.",
    schema: z.uuid({ message: "must be the id of an existing call throttle (a UUID)" }).optional(),
    stored: z.string().optional(),
    wire: "none",
    uuid: true,
    createOnly: true,
    namesSelf: true,
  },
} as const satisfies Record<string, InputFieldSpec>;

export const OUTPUT_FIELDS = {
  throttleId: {
    description: "The throttle id the service assigned (also the resource id).",
    schema: z.string().min(1),
    source: "response",
  },
  created: { description: "When the service created the throttle.", schema: z.string(), source: "response" },
  stateVersion: {
    description: "The representation of the stored state (for migrations).",
    schema: z.number().int().positive(),
    source: "provider",
  },
} as const satisfies Record<string, OutputFieldSpec>;
