/**
 * Where a call carries a password: the one list that the calls text's encoding and decoding, the
 * program's lifting of secret passwords, `secretsIn` and check's failure echo all read.
 *
 * The API documents one password in a scheduled call: the SIP password of an outgoing call
 * (`ultravox.v1.SipMedium_SipOutgoing.password`). Only a string there is a secret. A `password` key
 * anywhere else (in `metadata`, `templateContext`, `experimentalSettings`) is the program's own data,
 * kept as written; the program makes it secret with `pulumi.secret` like any other value.
 */

/** Paths inside one call, as the API spells them. */
const CALL_PASSWORD_PATHS: readonly (readonly string[])[] = [["medium", "sip", "outgoing", "password"]];

/** The keys that hold a password (for "did you mean" hints). */
export const PASSWORD_KEYS: readonly string[] = [
  ...new Set(CALL_PASSWORD_PATHS.map((path) => path.at(-1) as string)),
];

/** Only objects made of data count as steps: never an Output, a Promise, a Date or a class. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The object that holds a path's last key, when every step before it is a record. */
function holderAt(call: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let node = call;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return isRecord(node) ? node : undefined;
}

function withValueAt(node: unknown, path: readonly string[], value: unknown): unknown {
  const [key, ...rest] = path as [string, ...string[]];
  const record = node as Record<string, unknown>;
  return { ...record, [key]: rest.length === 0 ? value : withValueAt(record[key], rest, value) };
}

/**
 * A copy of `call` in which each password path whose holder exists gets `swap(value, path)` (`value`
 * undefined when the key is absent). Nothing else is visited; an unchanged call is returned as is.
 */
export function mapPasswords(
  call: unknown,
  swap: (value: unknown, path: readonly string[]) => unknown,
): unknown {
  let out = call;
  for (const path of CALL_PASSWORD_PATHS) {
    const holder = holderAt(out, path);
    if (holder === undefined) continue;
    const key = path[path.length - 1] as string;
    const value = Object.hasOwn(holder, key) ? holder[key] : undefined;
    const swapped = swap(value, path);
    if (swapped !== value) out = withValueAt(out, path, swapped);
  }
  return out;
}

/** The values at the password paths of one call, absent ones left out. */
export function passwordValues(call: unknown): unknown[] {
  const values: unknown[] = [];
  mapPasswords(call, (value) => {
    if (value !== undefined) values.push(value);
    return value;
  });
  return values;
}

/** True for a batch property path (`calls[2].medium.sip.outgoing.password...`) at or below a password. */
export function isPasswordPath(path: readonly PropertyKey[]): boolean {
  const [field, index, ...rest] = path;
  if (field !== "calls" || typeof index !== "number") return false;
  return CALL_PASSWORD_PATHS.some(
    (password) => password.length <= rest.length && password.every((key, i) => rest[i] === key),
  );
}

/** True for a path inside one call (`medium.sip.outgoing.password`) that is exactly a password path. */
export function isCallPasswordPath(path: readonly PropertyKey[]): boolean {
  return CALL_PASSWORD_PATHS.some(
    (password) => password.length === path.length && password.every((key, i) => path[i] === key),
  );
}

/** A call list without its passwords (what `pulumi import` prints as code). */
export function callsWithoutPasswords<T>(calls: T): T {
  const strip = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => strip(item, path));
    if (typeof value !== "object" || value === null) return value;
    const kept = Object.entries(value).filter(([key]) => !isCallPasswordPath([...path, key]));
    return Object.fromEntries(kept.map(([key, item]) => [key, strip(item, [...path, key])]));
  };
  return (Array.isArray(calls) ? calls.map((call) => strip(call, [])) : calls) as T;
}
