// Rules for a call item's `medium` (ultravox.v1.CallMedium) and the outgoing/webhook split.
import { isPlainObject } from "./json";
import { MEDIUM_FIELDS, messageFieldErrors } from "./medium-fields";

const MEDIUM_KEYS = ["webRtc", "twilio", "serverWebSocket", "telnyx", "plivo", "exotel", "sip"] as const;
/** Media whose `outgoing` variant makes Ultravox dial the call itself (no webhook needed). */
const DIALABLE_MEDIA = ["sip", "twilio", "telnyx", "plivo"] as const;

/** Error messages for one medium value; empty when valid. null/absent medium is valid. */
export function mediumErrors(medium: unknown): string[] {
  if (medium === undefined || medium === null) return [];
  if (!isPlainObject(medium)) return ["Expected a call medium object."];
  const keys = Object.keys(medium);
  const unknown = keys.filter((key) => !(MEDIUM_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    return [`Unknown call medium: ${unknown.join(", ")}. Expected one of: ${MEDIUM_KEYS.join(", ")}.`];
  }
  if (keys.length > 1) return ["At most one call medium may be set."];
  const [key] = keys;
  if (key === undefined) return [];
  const value = medium[key];
  if (!isPlainObject(value)) return [`Expected an object for the ${key} medium.`];
  if (key === "sip") {
    const hasIncoming = value.incoming !== undefined && value.incoming !== null;
    const hasOutgoing = value.outgoing !== undefined && value.outgoing !== null;
    if (hasIncoming === hasOutgoing)
      return ["Exactly one of incoming or outgoing must be set for a sip medium."];
    const chosen = hasIncoming ? value.incoming : value.outgoing;
    if (!isPlainObject(chosen)) return ["Expected an object for sip.incoming / sip.outgoing."];
  }
  if (
    key !== "sip" &&
    value.outgoing !== undefined &&
    value.outgoing !== null &&
    !isPlainObject(value.outgoing)
  ) {
    return [`Expected an object for ${key}.outgoing.`];
  }
  return messageFieldErrors(value, MEDIUM_FIELDS[key] ?? {}, key);
}

/** True when the call is dialed by Ultravox itself (sip/twilio/telnyx/plivo `.outgoing`). */
export function isOutgoingMedium(medium: unknown): boolean {
  if (!isPlainObject(medium)) return false;
  return DIALABLE_MEDIA.some((key) => {
    const value = medium[key];
    return isPlainObject(value) && isPlainObject(value.outgoing);
  });
}

/** Outgoing SIP calls have no joinUrl (per the Call schema). */
export function isOutgoingSip(medium: unknown): boolean {
  return isPlainObject(medium) && isPlainObject(medium.sip) && isPlainObject(medium.sip.outgoing);
}
