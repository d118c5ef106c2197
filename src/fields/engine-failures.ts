/**
 * Check failures in the form the Pulumi engine prints well. The engine shows a failure as
 * "property P value {V} has a problem: R", looking V up as a top-level input, so a nested path
 * such as `calls[1].medium.twilio.outgoing.to` would print `value {<nil>}`. Nested failures are
 * therefore sent without a property, with the path and the offending value in the reason. Values
 * at a secret path (a secret field, or `nestedSecrets` such as a call's SIP password) are shown as
 * `[secret]`, and so is any value equal to or containing a secret of the inputs (a SIP `to` equal
 * to the password): such a top-level failure is sent in the same nested form, so that the engine
 * does not print the value itself. Every reason passes the Redactor with those secrets.
 *
 * A dynamic provider receives secret inputs with their secret marks stripped, so it cannot tell which
 * values the program made secret. Only a scalar is ever shown (an object or list may hold a password
 * or a secret deeper down), never a value inside a free-form map (any of its values may be secret in
 * the program), and never the value of an unknown property (it may be a misspelled `password`).
 */

import { Redactor } from "../http/redaction";
import { parsePath } from "../json/paths";
import { isPlainObject } from "../json/plain-object";
import { maskNumber } from "../privacy/masked-number";
import { isSecretPath, type ResourceDefinition } from "./definition";
import { groupedLines, type NestedFailure } from "./grouped-failures";
import { secretsIn } from "./secrets";
import type { CheckFailure } from "./spec";

const MAX_SHOWN = 80;

/** Maps whose keys and values are the program's own (`freeFormKeys`) hide every value inside them. */
function showable(def: ResourceDefinition, value: unknown, path: PropertyKey[], reason: string): boolean {
  const scalar = value === null || ["string", "number", "boolean"].includes(typeof value);
  const freeForm = def.freeFormKeys ?? [];
  return (
    scalar &&
    !path.some((key) => typeof key === "string" && freeForm.includes(key)) &&
    !reason.startsWith("unknown property")
  );
}

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

/** A path inside a personal-data field (a batch's calls): its values are people's. */
function isPersonal(def: ResourceDefinition, path: PropertyKey[]): boolean {
  return path.length > 1 && def.personalKeys.includes(String(path[0]));
}

/** Inside personal data only a number (a `to` or `from`) shows, masked; any other value, never. */
function personalValue(value: unknown, path: PropertyKey[]): string {
  const end = path[path.length - 1];
  const number = typeof value === "string" || typeof value === "number";
  return number && (end === "to" || end === "from") ? `value ${maskNumber(String(value))}` : "";
}

/**
 * `extraSecrets`: secrets besides those of the inputs (the API key) that no message may echo.
 */
export function failuresForEngine(
  def: ResourceDefinition,
  failures: CheckFailure[],
  inputs: Record<string, unknown>,
  extraSecrets: readonly string[] = [],
): CheckFailure[] {
  const secrets = [...secretsIn(def, inputs), ...extraSecrets].filter((secret) => secret !== "");
  const redactor = new Redactor(secrets);
  const holdsSecret = (value: unknown) =>
    ["string", "number", "boolean"].includes(typeof value) &&
    secrets.some((secret) => String(value).includes(secret));
  const topLevel: CheckFailure[] = [];
  const nested: NestedFailure[] = [];
  for (const failure of failures) {
    const path = parsePath(failure.property);
    const value = valueAt(inputs, path);
    const secret = isSecretPath(def, path) || holdsSecret(value);
    // The engine prints a top-level property's value itself; a secret field it prints as [secret].
    if (path.length <= 1 && (!secret || def.inputs[String(path[0])]?.secret === true)) {
      topLevel.push({ property: failure.property, reason: redactor.scrub(failure.reason) });
      continue;
    }
    let shownValue = "";
    if (value !== undefined && secret) shownValue = "value [secret]";
    else if (value !== undefined && isPersonal(def, path)) shownValue = personalValue(value, path);
    else if (value !== undefined && showable(def, value, path, failure.reason))
      shownValue = `value ${shown(value)}`;
    nested.push({ path, shown: shownValue, reason: failure.reason });
  }
  // Identical failures (the same bad value in 2,000 calls) are one line naming the calls.
  const lines = groupedLines(nested).map((line) => ({ property: "", reason: redactor.scrub(line) }));
  return [...topLevel, ...lines];
}
