// Cross-field rules evaluated on the resulting batch (after a PATCH is merged), as non_field_errors.
import { isOutgoingMedium } from "./medium";
import type { JsonObject } from "./model";
import type { ErrorBody } from "./validation";

/** webhookUrl is required iff some call is not dialed by Ultravox itself, and forbidden otherwise. */
export function webhookRuleErrors(calls: JsonObject[], webhookUrl: string | null): ErrorBody | null {
  const needsWebhook = calls.some((call) => !isOutgoingMedium(call.medium));
  if (needsWebhook && webhookUrl === null) {
    return {
      non_field_errors: [
        "webhookUrl is required when any call has a medium that is not outgoing (sip.outgoing, twilio.outgoing, telnyx.outgoing, plivo.outgoing).",
      ],
    };
  }
  if (!needsWebhook && webhookUrl !== null) {
    return { non_field_errors: ["webhookUrl is not allowed when every call has an outgoing medium."] };
  }
  return null;
}

/** windowEnd must leave at least minWindowSeconds after max(windowStart, now). */
export function windowRuleErrors(
  windowStart: string | null,
  windowEnd: string | null,
  nowMs: number,
  minWindowSeconds: number,
): ErrorBody | null {
  if (windowEnd === null) return null;
  const opensAt = Math.max(windowStart === null ? nowMs : Date.parse(windowStart), nowMs);
  if (Date.parse(windowEnd) - opensAt >= minWindowSeconds * 1000) return null;
  return {
    non_field_errors: [
      `Batch window is too short: windowEnd must be at least ${minWindowSeconds} seconds after max(windowStart, now).`,
    ],
  };
}
