/**
 * A program's calls go to the service as JSON. A value in them becomes JSON the way JSON.stringify
 * makes it: an object with a `toJSON` method (a `Date`, a `URL`) becomes what that method returns,
 * since that is how the value declares its JSON form and what any JSON client would send. A value
 * JSON has no form for (a Map, a Set, a class instance, a function, a bigint, a symbol, NaN,
 * ±Infinity, an invalid Date) is an error naming its path: JSON.stringify, and Pulumi's own output
 * resolution, would silently turn it into `{}`, `null` or nothing.
 */
import { UltravoxError } from "../errors/ultravox-error";
import { formatPath } from "./paths";

/** Thrown for a value that has no JSON form; `property` is the path as the program writes it. */
export class NotJsonError extends UltravoxError {
  override readonly name = "NotJsonError";
  override readonly mayHaveActed = false;
  constructor(
    readonly property: string,
    readonly reason: string,
  ) {
    super(`${property}: ${reason}`);
  }
}

/** Why `value` has no JSON form, or undefined when it has one (or is a container to walk into). */
export function notJsonReason(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value)
        ? undefined
        : `must be a finite number, not ${String(value)} (JSON has no such number)`;
    case "bigint":
      return "is a bigint, which JSON cannot hold: pass a number or a string";
    case "symbol":
    case "function":
      return `is a ${typeof value}, which JSON cannot hold`;
    case "object": {
      if (value === null || Array.isArray(value)) return undefined;
      if (value instanceof Date && Number.isNaN(value.getTime())) return "is an invalid Date";
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Object.prototype || prototype === null) return undefined;
      const kind =
        (prototype?.constructor as { name?: string } | undefined)?.name || "an object with a prototype";
      return `is a ${kind}, which has no JSON form: pass a plain object, an array or a string`;
    }
    default:
      return undefined;
  }
}

/**
 * Why an object with a JSON form (a Date, a URL) is still not plain JSON data, for check: the engine
 * hands it plain JSON only, and a direct caller's such object would otherwise become `{}`.
 */
export function notPlainJsonReason(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return undefined;
  const kind = (prototype?.constructor as { name?: string } | undefined)?.name || "object";
  return `is a ${kind}, not plain JSON data (a resource class converts such values with toJSON; pass the converted value)`;
}

/**
 * `value` as plain JSON data (see above), or a NotJsonError for the first value without a JSON
 * form. Values for which `keep` is true (Pulumi Outputs and Promises) are left in place. Plain JSON
 * (the common case) is only checked, not copied.
 */
export function toJsonValue(
  value: unknown,
  path: readonly PropertyKey[],
  keep: (value: unknown) => boolean = () => false,
): unknown {
  return hasToJson(value, [...path], keep) ? converted(value, path, keep) : value;
}

/** Throws for a value without a JSON form; true when some object below has a `toJSON` to call. */
function hasToJson(value: unknown, path: PropertyKey[], keep: (value: unknown) => boolean): boolean {
  if (keep(value)) return false;
  const reason = notJsonReason(value);
  if (reason !== undefined) throw new NotJsonError(formatPath(path), reason);
  if (value === null || typeof value !== "object") return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  let found = false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      if (hasToJson(value[i], path, keep)) found = true;
      path.pop();
    }
    return found;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    path.push(key);
    if (hasToJson(object[key], path, keep)) found = true;
    path.pop();
  }
  return found;
}

function converted(value: unknown, path: readonly PropertyKey[], keep: (value: unknown) => boolean): unknown {
  if (keep(value)) return value;
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  if (typeof value === "object" && value !== null && typeof toJSON === "function") {
    // As JSON.stringify: the method is called once, with the property's key, and its result used.
    const key = path.length > 0 ? String(path[path.length - 1]) : "";
    return plainJson(toJSON.call(value, key), path, keep);
  }
  return plainJson(value, path, keep);
}

function plainJson(value: unknown, path: readonly PropertyKey[], keep: (value: unknown) => boolean): unknown {
  if (keep(value)) return value;
  const reason = notJsonReason(value);
  if (reason !== undefined) throw new NotJsonError(formatPath(path), reason);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item, i) => converted(item, [...path, i], keep));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = converted(item, [...path, key], keep);
  }
  return out;
}
