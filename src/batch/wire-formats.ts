/**
 * Check-level rules for values the API description's formats cannot carry, though the field schemas
 * (which also decode stored state) let them through: `int32` numbers and `uri` text. A program that
 * breaks one gets a failure naming the property, before any request is sent.
 */

import type { CheckFailure } from "../fields/spec";
import { formatPath } from "../json/paths";
import { isPlainObject, type PlainObject } from "../json/plain-object";

const INT32_MAX = 2 ** 31 - 1;
/** The `int32` fields of a call's medium (ultravox.v1.CallMedium_WebSocketMedium). */
const WEBSOCKET_INT32_FIELDS = ["inputSampleRate", "outputSampleRate", "clientBufferSizeMs"] as const;

/**
 * RFC 3986 allows these characters in a URI and `%` only before two hex digits; anything else
 * (space, quotes, `<>{}|\^` and backquote, non-ASCII letters) must be percent-encoded. Brackets
 * are allowed only around an IP-literal host (`https://[::1]/`).
 */
const NOT_IN_URI = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/u;
const IP_LITERAL_HOST = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#[\]]*@)?)\[([0-9A-Fa-f:.]*)\]/;

/** Why `url` is not a URI as the description's `format: uri` means it, or null when it is one. */
export function uriProblem(url: string): string | null {
  // Same length, so positions stay those of `url`.
  const bad = NOT_IN_URI.exec(url.replace(IP_LITERAL_HOST, "$1($2)"));
  if (bad !== null) {
    const shown = bad[0] === "%" ? '"%" not followed by two hex digits' : `${JSON.stringify(bad[0])}`;
    return `must be a URI: ${shown} at position ${bad.index} must be percent-encoded (a space as %20)`;
  }
  if (url.indexOf("#") !== url.lastIndexOf("#")) {
    return 'must be a URI: only one "#" may start the fragment; encode the others as %23';
  }
  return null;
}

export function int32Failures(inputs: PlainObject): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const calls = Array.isArray(inputs.calls) ? inputs.calls : [];
  calls.forEach((call, i) => {
    if (!isPlainObject(call) || !isPlainObject(call.medium)) return;
    const socket = call.medium.serverWebSocket;
    if (!isPlainObject(socket)) return;
    for (const field of WEBSOCKET_INT32_FIELDS) {
      const value = socket[field];
      if (typeof value !== "number" || value <= INT32_MAX) continue; // shape errors are reported elsewhere
      failures.push({
        property: formatPath(["calls", i, "medium", "serverWebSocket", field]),
        reason: `must be at most ${INT32_MAX} (the API takes a 32-bit integer); got ${value}`,
      });
    }
  });
  return failures;
}
