/**
 * Check failures in the form the Pulumi engine prints well. The engine shows a failure as
 * "property P value {V} has a problem: R", looking V up as a top-level input, so a nested path
 * such as `calls[1].medium.twilio.outgoing.to` would print `value {<nil>}`. Nested failures are
 * therefore sent without a property, with the path and the offending value in the reason. Values
 * under a secret key (a SIP `password`, `webhookSecret`) are shown as `[secret]`.
 *
 * A dynamic provider receives secret inputs with their secret marks stripped, so it cannot tell which
 * values the program made secret. Only a scalar is ever shown (an object or list may hold a password
 * or a secret deeper down), never a value inside a free-form map (any of its values may be secret in
 * the program), and never the value of an unknown property (it may be a misspelled `password`).
 */
import { SECRET_FIELDS } from "./batch-fields";
import { isPlainObject } from "./canonical";
import type { CheckFailure } from "./check";
import { parsePath } from "./paths";

const MAX_SHOWN = 80;
const SECRET_KEYS: ReadonlySet<PropertyKey> = new Set<PropertyKey>(["password", ...SECRET_FIELDS]);
/** Maps whose keys and values are the program's own: nothing inside them is shown. */
const FREE_FORM_KEYS: ReadonlySet<PropertyKey> = new Set<PropertyKey>([
  "metadata",
  "templateContext",
  "experimentalSettings",
  "additionalParams",
]);

function showable(value: unknown, path: PropertyKey[], reason: string): boolean {
  const scalar = value === null || ["string", "number", "boolean"].includes(typeof value);
  return scalar && !path.some((key) => FREE_FORM_KEYS.has(key)) && !reason.startsWith("unknown property");
}

function valueAt(inputs: Record<string, unknown>, path: PropertyKey[]): unknown {
  let value: unknown = inputs;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key];
    else if (isPlainObject(value) && typeof key === "string" && Object.hasOwn(value, key)) value = value[key];
    else return undefined;
  }
  return value;
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

export function failuresForEngine(failures: CheckFailure[], inputs: Record<string, unknown>): CheckFailure[] {
  return failures.map((failure) => {
    const path = parsePath(failure.property);
    if (path.length <= 1) return failure;
    const value = valueAt(inputs, path);
    const secret = path.some((key) => SECRET_KEYS.has(key));
    let what = "";
    if (value !== undefined && secret) what = " (value [secret])";
    else if (value !== undefined && showable(value, path, failure.reason)) what = ` (value ${shown(value)})`;
    return { property: "", reason: `${failure.property}${what}: ${failure.reason}` };
  });
}
