// Field validation of call throttle bodies (POST, PUT, PATCH), producing DRF-style error maps.
import { isPlainObject, pythonTypeName } from "./json";
import type { ThrottleRule } from "./model";
import type { ErrorBody } from "./validation";

/** The writable fields present in a valid body. */
export interface ThrottleInput {
  name?: string;
  rules?: ThrottleRule[];
}

export type ValidatedThrottle = { ok: true; input: ThrottleInput } | { ok: false; errors: ErrorBody };

const REQUIRED = "This field is required.";
const NOT_NULL = "This field may not be null.";
const NAME_MAX_LENGTH = 64;
const RULE_LIMITS = { maxCalls: [1, 100], windowSeconds: [1, 86400] } as const;

/** "full" (POST, PUT) needs every writable field; "partial" (PATCH) takes any of them. */
export function validateThrottleBody(body: unknown, mode: "full" | "partial"): ValidatedThrottle {
  if (!isPlainObject(body)) {
    return {
      ok: false,
      errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`] },
    };
  }
  const errors: ErrorBody = {};
  const input: ThrottleInput = {};
  if (body.name === undefined) {
    if (mode === "full") errors.name = [REQUIRED];
  } else {
    const name = nameOf(body.name);
    if (typeof name === "string") input.name = name;
    else errors.name = name.errors;
  }
  if (body.rules === undefined) {
    if (mode === "full") errors.rules = [REQUIRED];
  } else {
    const rules = rulesOf(body.rules);
    if ("rules" in rules) input.rules = rules.rules;
    else errors.rules = rules.errors;
  }
  // throttleId and created are read-only: DRF ignores them in input, as it ignores unknown keys.
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** DRF's CharField trims surrounding whitespace before checking the value. */
function nameOf(value: unknown): string | { errors: string[] } {
  if (value === null) return { errors: [NOT_NULL] };
  if (typeof value !== "string") return { errors: ["Not a valid string."] };
  const name = value.trim();
  if (name === "") return { errors: ["This field may not be blank."] };
  if (name.length > NAME_MAX_LENGTH) {
    return { errors: [`Ensure this field has no more than ${NAME_MAX_LENGTH} characters.`] };
  }
  return name;
}

function rulesOf(value: unknown): { rules: ThrottleRule[] } | { errors: unknown } {
  if (value === null) return { errors: [NOT_NULL] };
  if (!Array.isArray(value)) {
    return { errors: [`Expected a list of items but got type "${pythonTypeName(value)}".`] };
  }
  // As for batch calls: a list aligned with the items, {} for the valid ones.
  const itemErrors = value.map(ruleErrors);
  if (itemErrors.some((item) => Object.keys(item).length > 0)) return { errors: itemErrors };
  return {
    rules: value.map((rule: { maxCalls: number; windowSeconds: number }) => ({
      maxCalls: rule.maxCalls,
      windowSeconds: rule.windowSeconds,
    })),
  };
}

function ruleErrors(item: unknown): ErrorBody {
  if (!isPlainObject(item)) {
    return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(item)}.`] };
  }
  const errors: ErrorBody = {};
  for (const [field, [min, max]] of Object.entries(RULE_LIMITS)) {
    const messages = integerErrors(item[field], min, max);
    if (messages.length > 0) errors[field] = messages;
  }
  return errors;
}

/** Stricter than DRF, which would also take "5": a client sending text here has a bug worth seeing. */
function integerErrors(value: unknown, min: number, max: number): string[] {
  if (value === undefined) return [REQUIRED];
  if (value === null) return [NOT_NULL];
  if (typeof value !== "number" || !Number.isInteger(value)) return ["A valid integer is required."];
  if (value < min) return [`Ensure this value is greater than or equal to ${min}.`];
  if (value > max) return [`Ensure this value is less than or equal to ${max}.`];
  return [];
}
