/**
 * Pulumi's "unknown value" sentinel. During preview, any input that depends on another resource's
 * not-yet-known output arrives in check/diff as this exact string, at any depth, in place of any
 * value (a whole object, an array element, a boolean...).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the sentinel appears anywhere inside `value` (including `value` itself). */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Every path (list of keys / indexes) at which the sentinel appears inside `value`. */
export function unknownPaths(value: unknown, at: readonly PropertyKey[] = []): PropertyKey[][] {
  if (value === UNKNOWN) return [[...at]];
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownPaths(item, [...at, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => unknownPaths(item, [...at, key]));
  }
  return [];
}
