/**
 * The program side of calls-text.ts: turns the typed `calls` input (Inputs at any depth) into the
 * two engine properties, `calls` (one canonical line per call) and `callSecrets` (secret).
 *
 * A plain list (the common case, and the fast one) is encoded at once, with no Output at all.
 * Otherwise each SIP password (password-paths.ts) is lifted out before anything is resolved, so
 * that a password given as a secret Output (e.g. from secret config) makes only `callSecrets`
 * secret, not the lines: the preview still shows which calls changed. Any other secret inside the calls makes the whole text
 * secret (safe, but the preview then shows it as `[secret]`).
 */
import * as pulumi from "@pulumi/pulumi";
import { toJsonValue } from "../json/json-value";
import { CALL_COUNT_KEY, CALL_SECRETS_KEY, encodeCalls } from "./calls-text";
import { mapPasswords, passwordValues } from "./password-paths";

/** True for a value Pulumi resolves later: an Output or a Promise. */
function isPending(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** True when a value holds no Output or Promise at any depth. */
function isPlainData(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (value !== null && typeof value === "object") return Object.values(value).every(isPlainData);
  return true;
}

/**
 * The calls with each password slot emptied, and what was there. Slots are found through records
 * only (password-paths.ts), so each one is still in place once the skeleton resolves and gets its
 * value back by position: no mark is left in the data for user data to imitate.
 */
function liftPasswords(calls: readonly unknown[]): { skeleton: unknown[]; lifted: Lifted[] } {
  const lifted: Lifted[] = [];
  const skeleton = calls.map((call, index) =>
    mapPasswords(call, (value, path) => {
      if (value === undefined || value === null) return value;
      lifted.push({ slot: slotKey(index, path), value: value as pulumi.Input<unknown> });
      return null;
    }),
  );
  return { skeleton, lifted };
}

interface Lifted {
  slot: string;
  value: pulumi.Input<unknown>;
}

const slotKey = (index: number, path: readonly string[]) => `${index}:${path.join(".")}`;

function restorePasswords(list: readonly unknown[], lifted: readonly Lifted[], values: readonly unknown[]) {
  const bySlot = new Map(lifted.map(({ slot }, k) => [slot, values[k]]));
  return list.map((call, index) =>
    mapPasswords(call, (value, path) => {
      const slot = slotKey(index, path);
      return bySlot.has(slot) ? bySlot.get(slot) : value;
    }),
  );
}

/**
 * True when some password slot holds something other than a string. Such a value is not lifted
 * into `callSecrets` (check rejects it anyway), so the text that holds it must be secret itself.
 */
function holdsUnliftedPassword(calls: readonly unknown[]): boolean {
  return calls.some((call) =>
    passwordValues(call).some((value) => value !== null && typeof value !== "string"),
  );
}

export interface EngineCalls {
  calls: pulumi.Input<string>;
  callSecrets?: pulumi.Input<string[] | undefined>;
  /** Plain, as check stores it: `refresh --run-program` compares the program's inputs with state. */
  callCount: pulumi.Input<number>;
}

export function callsForEngine(calls: unknown): EngineCalls {
  if (Array.isArray(calls) && isPlainData(calls)) {
    const { text, secrets } = encodeCalls(calls);
    return {
      calls: holdsUnliftedPassword(calls) ? pulumi.secret(text) : text,
      [CALL_SECRETS_KEY]: secrets.length > 0 ? pulumi.secret(secrets) : undefined,
      [CALL_COUNT_KEY]: calls.length,
    };
  }
  // Converted to JSON before Pulumi resolves the list: its resolution turns a Date or a Map into {}.
  const json = toJsonValue(calls, ["calls"], isPending);
  const { skeleton, lifted } = Array.isArray(json) ? liftPasswords(json) : { skeleton: json, lifted: [] };
  const resolved = pulumi.output(skeleton as pulumi.Input<unknown>);
  // Encoded once. The lines hold placeholders, never a password (only which calls share one shows
  // through), so they need not be secret; the passwords are made secret again in `callSecrets`.
  // The lifted values are unsecreted together, so one that cannot be lifted makes the text secret.
  const encoded = pulumi
    .all([resolved, pulumi.unsecret(pulumi.all(lifted.map(({ value }) => value)))])
    .apply(([list, values]) => {
      const restored = Array.isArray(list) ? restorePasswords(list, lifted, values) : list;
      const unlifted = Array.isArray(restored) && holdsUnliftedPassword(restored);
      const count = Array.isArray(restored) ? restored.length : 0;
      return { ...encodeCalls(restored as unknown[]), unlifted, count };
    });
  const secrets = encoded.apply(({ secrets: all }) => (all.length > 0 ? all : undefined));
  return {
    calls: encoded.apply(({ text, unlifted }) => (unlifted ? pulumi.secret(text) : pulumi.output(text))),
    [CALL_SECRETS_KEY]: pulumi.secret(secrets),
    // A count is no one's data: plain even when the program made the calls secret (review reads it).
    [CALL_COUNT_KEY]: pulumi.unsecret(encoded.apply(({ count }) => count)),
  };
}
