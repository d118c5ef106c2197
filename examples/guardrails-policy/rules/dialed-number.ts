/**
 * The phone numbers a call dials. Only the outgoing telephony media dial numbers:
 * `twilio.outgoing.to`, `telnyx.outgoing.to`, `plivo.outgoing.to`. Plivo's `to` may hold several
 * destinations separated by `<` (the published schema: "The phone number(s) or sip URI(s) to call,
 * separated by `<` if multiple"), and Plivo rings them all, so each is checked. SIP addresses
 * (`sip:`/`sips:`, in any medium) and media that dial nothing (webRtc, serverWebSocket, exotel,
 * sip, incoming calls) have no number, so no time zone: they are out of the calling-hours rule's
 * scope.
 */

export type Dialed =
  | { kind: "number"; number: string }
  /**
   * A destination that is neither an E.164 number nor a SIP address (a national number, a number
   * with an extension, an empty entry in a Plivo list): where it rings cannot be known.
   */
  | { kind: "unreadable"; to: string };

const NUMBER_MEDIA = ["twilio", "telnyx", "plivo"] as const;
const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_ADDRESS = /^sips?:/i;
/** Plivo's separator between several destinations of one call. */
const PLIVO_SEPARATOR = "<";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function destination(to: string): Dialed | undefined {
  if (SIP_ADDRESS.test(to)) return undefined;
  return E164.test(to) ? { kind: "number", number: to } : { kind: "unreadable", to };
}

/** Every number the call dials, in order; empty when it dials none. */
export function dialedNumbers(call: unknown): Dialed[] {
  const medium = isObject(call) ? call.medium : undefined;
  if (!isObject(medium)) return [];
  for (const name of NUMBER_MEDIA) {
    const media = medium[name];
    const outgoing = isObject(media) ? media.outgoing : undefined;
    const to = isObject(outgoing) ? outgoing.to : undefined;
    if (typeof to !== "string") continue;
    const destinations = name === "plivo" ? to.split(PLIVO_SEPARATOR) : [to];
    return destinations.flatMap((entry) => destination(entry) ?? []);
  }
  return [];
}
