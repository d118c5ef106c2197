/**
 * How review output and errors name one call without showing who it is: by its position
 * (`call #12`, 1-based) or, for calls from a file, by `file:line`, followed by the value at the
 * program's `callLabel` (a dotted path into the call, e.g. `metadata.crmId`) when the call has one.
 * Only a path the user picked is ever shown; `callLabelProblem` keeps it out of the call's medium,
 * where the phone number is.
 */
import { isPlainObject } from "../json/plain-object";

/** Where a label may point: values the user keeps to name the call, never its medium. */
const LABEL_PATH = /^(metadata|templateContext)(\.[^.\s]+)+$/;
/** A label value longer than this is cut (a label names a row; a long text is not a name). */
const LABEL_MAX = 64;

/** Why `callLabel` cannot name calls, or null when it can. */
export function callLabelProblem(callLabel: string): string | null {
  return LABEL_PATH.test(callLabel)
    ? null
    : "must be a dotted path into a call's metadata or templateContext, e.g. metadata.crmId";
}

/** The value at a dotted path of a call, as text, or undefined when it is not a string or number. */
function valueAt(call: unknown, path: string): string | undefined {
  let value: unknown = call;
  for (const key of path.split(".")) {
    if (!isPlainObject(value)) return undefined;
    value = value[key];
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
}

/**
 * The name of a call in review output: `position` is its 1-based index in the list (`call #12`)
 * or a place text such as `contacts.csv:13`; the label value follows when `callLabel` resolves.
 */
export function labelOfCall(call: unknown, callLabel: string | undefined, position: number | string): string {
  const place = typeof position === "number" ? `call #${position}` : position;
  if (callLabel === undefined || callLabelProblem(callLabel) !== null) return place;
  const value = valueAt(call, callLabel);
  return value === undefined ? place : `${place} (${callLabel} ${value})`;
}
