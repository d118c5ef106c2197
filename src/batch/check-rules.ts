/**
 * Check-level rules of a batch that only tighten what a program may ask for (stored state never
 * meets them): a clean webhook URL, phone numbers possible for their country, numbers and URIs the
 * API description's formats carry (wire-formats.ts).
 */
import { validatePhoneNumberLength } from "libphonenumber-js";
import type { CheckFailure } from "../fields/spec";
import { isUnknown } from "../fields/unknown";
import { formatPath } from "../json/paths";
import { isPlainObject, type PlainObject } from "../json/plain-object";
import { E164 } from "./schema";
import { int32Failures, uriProblem } from "./wire-formats";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function webhookUrlFailures(inputs: PlainObject): CheckFailure[] {
  const url = inputs.webhookUrl;
  if (typeof url !== "string" || isUnknown(url)) return [];
  if (url.trim() !== url) {
    return [{ property: "webhookUrl", reason: "must not start or end with whitespace" }];
  }
  if (CONTROL.test(url)) {
    return [{ property: "webhookUrl", reason: "must not contain control characters (tab, newline, ...)" }];
  }
  // Not a URL at all: the field schema says so already.
  const problem = URL.canParse(url) ? uriProblem(url) : null;
  return problem === null ? [] : [{ property: "webhookUrl", reason: problem }];
}

const PHONE_MEDIA = ["twilio", "telnyx", "plivo"] as const;
const LENGTH_PROBLEMS: Record<string, string> = {
  TOO_SHORT: "is too short",
  TOO_LONG: "is too long",
  INVALID_LENGTH: "has a length no number",
};

/**
 * Each E.164 phone number must be *possible* for its country (its length fits the country's
 * numbering plan). "Possible" rather than "valid": validity depends on number ranges that change
 * every month and go stale in any shipped metadata, while lengths almost never change. A number the
 * library cannot judge (e.g. a country calling code its metadata does not know) is accepted.
 */
function phoneNumberFailures(inputs: PlainObject): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const calls = Array.isArray(inputs.calls) ? inputs.calls : [];
  calls.forEach((call, i) => {
    if (!isPlainObject(call) || !isPlainObject(call.medium)) return;
    for (const medium of PHONE_MEDIA) {
      const provider = call.medium[medium];
      if (!isPlainObject(provider) || !isPlainObject(provider.outgoing)) continue;
      for (const end of ["to", "from"] as const) {
        const number = provider.outgoing[end];
        if (typeof number !== "string" || !E164.test(number)) continue; // shape errors are reported elsewhere
        const problem = LENGTH_PROBLEMS[validatePhoneNumberLength(number) ?? ""];
        if (problem === undefined) continue;
        failures.push({
          property: formatPath(["calls", i, "medium", medium, "outgoing", end]),
          // No part of the number here: it may be a secret (failuresForEngine shows it when it is not).
          reason: `${problem} for a phone number of its country; check the digits`,
        });
      }
    }
  });
  return failures;
}

export function batchCheckRules(inputs: PlainObject): CheckFailure[] {
  return [...webhookUrlFailures(inputs), ...phoneNumberFailures(inputs), ...int32Failures(inputs)];
}
