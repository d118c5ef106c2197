/**
 * Rules that span a batch's fields: the window's order, and when a webhook is required or forbidden
 * (which depends on how the scheduler treats each call's medium). definition.ts applies them to
 * the whole batch schema.
 */
import type { z } from "zod";
import { compareTimestamps } from "../fields/timestamp";
import { isUnknown } from "../fields/unknown";
import { isPlainObject } from "../json/plain-object";

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

export function crossFieldRules(args: unknown, ctx: z.RefinementCtx): void {
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
