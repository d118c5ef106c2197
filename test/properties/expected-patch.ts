/**
 * The smallest change on the wire, worked out from two programs alone: the PATCH body a change must
 * produce (the fields that differ, by the field table's meaning), and the check that one PATCH
 * carried exactly that. Both doors' properties use it.
 */
import { expect } from "vitest";
import { BODY_FIELDS, DEFAULTS, SERVER_CHOSEN } from "./field-table";
import type { Program } from "./generators";
import { sameFieldValue } from "./service-oracle";

/**
 * The PATCH body a change must produce, worked out from the two programs alone. `adopting`: the
 * batch was made outside this resource, so a webhook secret left out of the program is the server's
 * to keep (whatever `before` set).
 */
export function expectedPatch(before: Program, after: Program, adopting = false): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of BODY_FIELDS) {
    const old = before[field] ?? DEFAULTS[field];
    const next = after[field] ?? DEFAULTS[field];
    // A value the program never set (the webhook secret) is the server's choice: leaving it unset is no change.
    if (
      SERVER_CHOSEN.includes(field) &&
      after[field] === undefined &&
      (adopting || before[field] === undefined)
    ) {
      continue;
    }
    if (sameFieldValue(field, old, next)) continue;
    body[field] = next ?? null;
  }
  return body;
}

/** One PATCH carrying exactly the expected fields, each with its value (an instant in any offset). */
export function expectOnePatch(
  sent: { method: string; body: unknown }[],
  expected: Record<string, unknown>,
): void {
  expect(sent.map((r) => r.method)).toEqual(["PATCH"]);
  const body = sent[0]?.body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
  for (const [field, value] of Object.entries(expected)) {
    expect(sameFieldValue(field, body[field], value), `${field}: sent ${JSON.stringify(body[field])}`).toBe(
      true,
    );
  }
}
