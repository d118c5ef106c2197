/**
 * The number (or SIP address) a call dials, masked (masked-number.ts): what review output shows of
 * who a call reaches.
 */
import { isPlainObject } from "../json/plain-object";
import { maskNumber } from "./masked-number";

/** Media whose outgoing leg has a `to`: the person called. */
const DIALLED_MEDIA = ["twilio", "telnyx", "plivo", "sip"] as const;

/** The masked `to` of a call's outgoing medium, or undefined for a call that dials no one. */
export function maskedNumberOfCall(call: unknown): string | undefined {
  if (!isPlainObject(call) || !isPlainObject(call.medium)) return undefined;
  for (const medium of DIALLED_MEDIA) {
    const leg = call.medium[medium];
    if (!isPlainObject(leg) || !isPlainObject(leg.outgoing)) continue;
    const to = leg.outgoing.to;
    if (typeof to === "string") return maskNumber(to);
  }
  return undefined;
}
