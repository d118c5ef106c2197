/**
 * Where a call carries a password, as the plugin needs to know it: the schema marks it secret,
 * a secret there does not make the whole calls text secret (the engine form lifts passwords into
 * `callSecrets`), and an import leaves it out of the printed code. The rule itself is the core's
 * (password-paths.ts: the documented password paths); this module only reads it.
 */
import { isCallPasswordPath } from "../batch/password-paths";

export { isCallPasswordPath };

/** True when `path`, from the batch's root (e.g. `calls.0.medium.sip.outgoing.password`), holds a password. */
export function isBatchPasswordPath(path: readonly string[]): boolean {
  return path[0] === "calls" && path.length > 2 && isCallPasswordPath(path.slice(2));
}

/** A call list without its passwords. */
export function callsWithoutPasswords<T>(calls: T): T {
  const strip = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => strip(item, path));
    if (typeof value !== "object" || value === null) return value;
    const kept = Object.entries(value).filter(([key]) => !isCallPasswordPath([...path, key]));
    return Object.fromEntries(kept.map(([key, item]) => [key, strip(item, [...path, key])]));
  };
  return (Array.isArray(calls) ? calls.map((call) => strip(call, [])) : calls) as T;
}
