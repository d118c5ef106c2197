/**
 * The program side of calls-text.ts: turns the typed `calls` input (Inputs at any depth) into the
 * two engine properties, `calls` (one canonical line per call) and `callSecrets` (secret).
 *
 * A plain list (the common case, and the fast one) is encoded at once, with no Output at all.
 * Otherwise each SIP password is lifted out before anything is resolved, so that a password given
 * as a secret Output (e.g. from secret config) makes only `callSecrets` secret, not the lines: the
 * preview still shows which calls changed. Any other secret inside the calls makes the whole text
 * secret (safe, but the preview then shows it as `[secret]`).
 */
import * as pulumi from "@pulumi/pulumi";
import { CALL_SECRETS_KEY, encodeCalls } from "./calls-text";
import { isPlainObject } from "./canonical";
import { toJsonValue } from "./json-value";

/** Marks where a lifted password goes back (never sent anywhere: replaced before encoding). */
const MARK = "\u0000pulumi-ultravox-password:";

/** True for a value Pulumi resolves later: an Output or a Promise. */
function isPending(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** True when a value holds no Output or Promise at any depth. */
export function isPlainData(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (value !== null && typeof value === "object") return Object.values(value).every(isPlainData);
  return true;
}

/** A copy of `value` with each `password` replaced by a mark; the passwords go into `found`. */
function liftPasswords(value: unknown, found: pulumi.Input<string>[]): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return value;
  if (Array.isArray(value)) return value.map((item) => liftPasswords(item, found));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "password" && item !== undefined && item !== null) {
      out[key] = `${MARK}${found.push(item as pulumi.Input<string>) - 1}`;
    } else out[key] = liftPasswords(item, found);
  }
  return out;
}

function restorePasswords(value: unknown, passwords: readonly string[]): unknown {
  if (typeof value === "string" && value.startsWith(MARK)) return passwords[Number(value.slice(MARK.length))];
  if (Array.isArray(value)) return value.map((item) => restorePasswords(item, passwords));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restorePasswords(v, passwords)]));
}

export interface EngineCalls {
  calls: pulumi.Input<string>;
  callSecrets?: pulumi.Input<string[] | undefined>;
}

export function callsForEngine(calls: unknown): EngineCalls {
  if (Array.isArray(calls) && isPlainData(calls)) {
    const { text, secrets } = encodeCalls(calls);
    return { calls: text, [CALL_SECRETS_KEY]: secrets.length > 0 ? pulumi.secret(secrets) : undefined };
  }
  const found: pulumi.Input<string>[] = [];
  // Converted to JSON before Pulumi resolves the list: its resolution turns a Date or a Map into {}.
  const json = toJsonValue(calls, ["calls"], isPending);
  const skeleton = Array.isArray(json) ? liftPasswords(json, found) : json;
  const lifted = pulumi.output(skeleton as pulumi.Input<unknown>);
  // Encoded once. The lines hold placeholders, never a password (only which calls share one shows
  // through), so they need not be secret; the passwords are made secret again in `callSecrets`.
  const encoded = pulumi
    .all([lifted, pulumi.unsecret(pulumi.all(found))])
    .apply(([list, passwords]) => encodeCalls(restorePasswords(list, passwords) as unknown[]));
  const secrets = encoded.apply(({ secrets: all }) => (all.length > 0 ? all : undefined));
  return { calls: encoded.apply(({ text }) => text), [CALL_SECRETS_KEY]: pulumi.secret(secrets) };
}
