/**
 * How a batch's calls cross the Pulumi engine: as ONE canonical string, one call per line (keys
 * sorted, compact JSON), with every SIP password (a string at a path of password-paths.ts) replaced
 * by a placeholder `"$secret:<n>"` that points into a separate secret list (`callSecrets`), every line
 * ending with a newline. Why:
 * the engine handles a deep nested input slowly (a 10,000-call list as nested input takes ~30 s to
 * preview, as one string ~5 s), and the CLI shows a changed multi-line string as a line diff, so a
 * preview shows exactly the calls that changed. The secret list keeps passwords out of plaintext
 * state while the lines stay readable.
 *
 * Equal passwords share one placeholder (most campaigns use one trunk password), numbered in order
 * of first appearance. A changed password therefore shows only as a changed `callSecrets`
 * ([secret]) when every call using it changes together, or as a changed placeholder on the lines
 * of the calls that now use another password.
 */

import type { CheckFailure } from "../fields/spec";
import { isUnknown, UNKNOWN } from "../fields/unknown";
import { canonicalJson } from "../json/canonical";
import { toJsonValue } from "../json/json-value";
import { formatPath } from "../json/paths";
import { mapPasswords } from "./password-paths";

/** The engine property holding the passwords the lines refer to. */
export const CALL_SECRETS_KEY = "callSecrets";
/** The engine property holding how many calls there are (not secret: a count names no one). */
export const CALL_COUNT_KEY = "callCount";

const PLACEHOLDER = /^\$secret:(0|[1-9][0-9]{0,6})$/;
/** Every line holding a placeholder holds this (the rest are returned as parsed). */
const PLACEHOLDER_START = '"$secret:';
const placeholder = (index: number) => `$secret:${index}`;

export interface CallsText {
  /** One call per line, keys sorted, passwords as placeholders. */
  text: string;
  /** The passwords, indexed by placeholder number. */
  secrets: string[];
}

/**
 * The canonical text of a call list (whose values are all known). Values become JSON as
 * JSON.stringify makes them (json-value.ts); one without a JSON form throws a NotJsonError naming it.
 */
export function encodeCalls(calls: readonly unknown[]): CallsText {
  const secrets: string[] = [];
  const indexOf = new Map<string, number>();
  const lines = calls.map((call, i) => {
    // Every string at a password path is lifted, even one that looks like a placeholder: the text
    // then only ever holds placeholders this encoding made, and each one points at its own value.
    const masked = mapPasswords(canonicalJson(toJsonValue(call, ["calls", i])), (password) => {
      if (typeof password !== "string") return password;
      let index = indexOf.get(password);
      if (index === undefined) {
        index = secrets.push(password) - 1;
        indexOf.set(password, index);
      }
      return placeholder(index);
    });
    return JSON.stringify(masked ?? null);
  });
  // Every line ends with a newline, the last one too: the CLI shows a changed text as a line diff,
  // and an unterminated last line, once rows are appended after it, showed as removed and added.
  return { text: lines.map((line) => `${line}\n`).join(""), secrets };
}

/**
 * The call list a text stands for, passwords put back from `secrets`. Failures name the call
 * (`calls[i]`) as the program writes it. Unknown text, or unknown secrets that the text refers to,
 * decode to the unknown sentinel.
 */
export function decodeCalls(text: string, secrets: unknown): { calls: unknown; failures: CheckFailure[] } {
  // check, diff and update decode the same text in one host process (the news, and the stored
  // outputs when nothing changed): decode it once. Callers never mutate the result.
  const key = `${JSON.stringify(secrets ?? null)}\u0000${text}`;
  const cached = recent.get(key);
  if (cached !== undefined) return cached;
  const decoded = decodeUncached(text, secrets);
  recent.set(key, decoded);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  return decoded;
}

const RECENT_MAX = 4;
const recent = new Map<string, { calls: unknown; failures: CheckFailure[] }>();

function decodeUncached(text: string, secrets: unknown): { calls: unknown; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  if (isUnknown(text)) return { calls: UNKNOWN, failures };
  if (text === "") return { calls: [], failures };
  const secretList = Array.isArray(secrets) ? secrets : [];
  if (secrets !== undefined && secrets !== null && !Array.isArray(secrets) && !isUnknown(secrets)) {
    failures.push({ property: CALL_SECRETS_KEY, reason: "must be a list of strings" });
  }
  let needsUnknown = false;
  // Texts stored before every line ended with a newline have none after the last one.
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const calls = body.split("\n").map((line, i) => {
    let call: unknown;
    try {
      call = JSON.parse(line);
    } catch (error) {
      failures.push({
        property: formatPath(["calls", i]),
        reason: `line ${i + 1} of the calls text is not valid JSON (${(error as Error).message})`,
      });
      return null;
    }
    if (!line.includes(PLACEHOLDER_START)) return call;
    // Placeholders are decoded at the password paths only: the same text anywhere else is user data.
    return mapPasswords(call, (value, path) => {
      const match = typeof value === "string" ? PLACEHOLDER.exec(value) : null;
      if (!match) return value; // absent, or a password written as is
      if (isUnknown(secrets)) {
        needsUnknown = true;
        return UNKNOWN;
      }
      const index = Number(match[1]);
      const secret = secretList[index];
      if (typeof secret === "string") return secret;
      failures.push({
        property: formatPath(["calls", i, ...path]),
        reason: `refers to ${CALL_SECRETS_KEY}[${index}], which is not set`,
      });
      return value;
    });
  });
  return { calls: needsUnknown ? UNKNOWN : calls, failures };
}
