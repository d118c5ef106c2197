/**
 * The phone number a call dials, if any. Only the outgoing telephony media dial a number:
 * `twilio.outgoing.to`, `telnyx.outgoing.to`, `plivo.outgoing.to`. SIP addresses (`sip:`/`sips:`,
 * in any medium) and media that dial nothing (webRtc, serverWebSocket, exotel, sip, incoming calls)
 * have no number, so no time zone: they are out of the calling-hours rule's scope.
 */

export type Dialed =
  | { kind: "number"; number: string }
  | { kind: "none" }
  /** A destination that is neither a number nor a SIP address: its zone cannot be known. */
  | { kind: "unreadable"; to: string };

const NUMBER_MEDIA = ["twilio", "telnyx", "plivo"] as const;
const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_ADDRESS = /^sips?:/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function dialedNumber(call: unknown): Dialed {
  const medium = isObject(call) ? call.medium : undefined;
  if (!isObject(medium)) return { kind: "none" };
  for (const name of NUMBER_MEDIA) {
    const media = medium[name];
    const outgoing = isObject(media) ? media.outgoing : undefined;
    const to = isObject(outgoing) ? outgoing.to : undefined;
    if (typeof to !== "string") continue;
    if (SIP_ADDRESS.test(to)) return { kind: "none" };
    return E164.test(to) ? { kind: "number", number: to } : { kind: "unreadable", to };
  }
  return { kind: "none" };
}
