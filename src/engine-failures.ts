/**
 * Check failures in the form the Pulumi engine prints well. The engine shows a failure as
 * "property P value {V} has a problem: R", looking V up as a top-level input, so a nested path
 * such as `calls[1].medium.twilio.outgoing.to` would print `value {<nil>}`. Nested failures are
 * therefore sent without a property, with the path and the offending value in the reason. Values
 * under a secret key (a SIP `password`, `webhookSecret`) are shown as `[secret]`.
 */
import { SECRET_FIELDS } from "./batch-fields";
import { isPlainObject } from "./canonical";
import type { CheckFailure } from "./check";
import { parsePath } from "./paths";

const MAX_SHOWN = 80;
const SECRET_KEYS: ReadonlySet<PropertyKey> = new Set<PropertyKey>(["password", ...SECRET_FIELDS]);

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
    const what = value === undefined ? "" : ` (value ${secret ? "[secret]" : shown(value)})`;
    return { property: "", reason: `${failure.property}${what}: ${failure.reason}` };
  });
}
