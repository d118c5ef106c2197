/**
 * Canonical JSON values: object keys sorted recursively, `undefined` properties dropped (Pulumi's
 * gRPC Struct cannot carry them), and a deep equality in which key order does not matter and an
 * `undefined` property equals an absent one.
 */

import { isPlainObject, type PlainObject } from "./plain-object";

/** True when `keys` are in the order `sort()` gives (most objects arrive so: sort allocates even then). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/** A copy of `value` with keys sorted at every depth and `undefined` properties removed. */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalJson(item)));
  if (isPlainObject(value)) {
    const out: PlainObject = {};
    const keys = Object.keys(value);
    for (const key of isSorted(keys) ? keys : keys.sort()) {
      const item = value[key];
      if (item !== undefined) out[key] = canonicalJson(item);
    }
    return out;
  }
  return value;
}

/** Structural equality; ignores object key order; `{a: undefined}` equals `{}`. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (!deepEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return Number.isNaN(a) && Number.isNaN(b);
}
