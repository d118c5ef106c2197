import { describe, expect, it } from "vitest";
import { checkArgs } from "../../src/fields/check";
import { changedFields, diffResource, patchBody } from "../../src/fields/diff";
import { outputsFor } from "../../src/fields/outputs";
import { responseSchema } from "../../src/fields/response-schema";
import { decodeStoredState } from "../../src/fields/stored-state";
import { callThrottle } from "../../src/throttle/definition";

/** The CallThrottle definition run through the generic core: check, diff, PATCH bodies, stored state. */

const THROTTLE_ID = "6b0f3c2e-5a47-4c1e-9d0b-2f6c8e1a7b34";
const GENTLE = { name: "gentle", rules: [{ maxCalls: 5, windowSeconds: 60 }] };
const never = () => false;

const check = (raw: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
  checkArgs(callThrottle, raw, olds);

/** State as create would store it for `args`. */
function stored(args: Record<string, unknown> = GENTLE) {
  const live = { throttleId: THROTTLE_ID, created: "2026-12-01T00:00:00Z", ...args };
  return decodeStoredState(callThrottle, outputsFor(callThrottle, args, live, never));
}

describe("check of a CallThrottle", () => {
  it("accepts a name and rules as they are", () => {
    expect(check(GENTLE)).toEqual({ inputs: GENTLE, failures: [] });
  });

  it("names the rule and field out of range", () => {
    const { failures } = check({
      name: "gentle",
      rules: [
        { maxCalls: 5, windowSeconds: 60 },
        { maxCalls: 101, windowSeconds: 0 },
      ],
    });
    expect(failures).toEqual([
      { property: "rules[1].maxCalls", reason: "must be at most 100" },
      { property: "rules[1].windowSeconds", reason: "must be at least 1" },
    ]);
  });

  it("requires name and rules, and at least one rule", () => {
    expect(check({}).failures).toEqual([
      { property: "name", reason: "is required" },
      { property: "rules", reason: "is required" },
    ]);
    expect(check({ name: "x", rules: [] }).failures).toEqual([
      { property: "rules", reason: "must hold at least one rule" },
    ]);
  });

  it("refuses a name over 64 characters or padded with whitespace (the service trims it)", () => {
    expect(check({ ...GENTLE, name: "n".repeat(65) }).failures).toEqual([
      { property: "name", reason: "must be at most 64 characters long" },
    ]);
    expect(check({ ...GENTLE, name: " gentle" }).failures).toEqual([
      { property: "name", reason: "must not start or end with whitespace" },
    ]);
  });

  it("refuses fractional numbers and suggests the name a typo meant", () => {
    const { failures } = check({ name: "g", rules: [{ maxCals: 5, maxCalls: 2.5, windowSeconds: 60 }] });
    expect(failures).toContainEqual({
      property: "rules[0].maxCalls",
      reason: "must be a whole number of calls",
    });
    expect(failures).toContainEqual({
      property: "rules[0].maxCals",
      reason: 'unknown property "maxCals" (did you mean "maxCalls"?)',
    });
  });

  it("refuses another adoptThrottleId once the resource manages a throttle", () => {
    const state = stored({ ...GENTLE, adoptThrottleId: THROTTLE_ID });
    const other = "0c5e2f8a-1b3d-4e6f-8a9b-7c1d2e3f4a5b";
    expect(() => diffResource(callThrottle, state, { ...GENTLE, adoptThrottleId: other })).toThrow(
      /adoptThrottleId only takes effect when the resource is created.*call throttle 6b0f3c2e/,
    );
  });
});

describe("diff and PATCH of a CallThrottle", () => {
  it("an unchanged program is no change and no PATCH", () => {
    expect(diffResource(callThrottle, stored(), GENTLE)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect(patchBody(callThrottle, stored(), GENTLE)).toEqual({});
  });

  it("a new name PATCHes the name alone", () => {
    expect(patchBody(callThrottle, stored(), { ...GENTLE, name: "calmer" })).toEqual({ name: "calmer" });
  });

  it("a changed rule PATCHes the rules whole, nothing else", () => {
    const rules = [
      { maxCalls: 5, windowSeconds: 60 },
      { maxCalls: 50, windowSeconds: 3600 },
    ];
    expect(changedFields(callThrottle, stored(), { ...GENTLE, rules })).toEqual(["rules"]);
    expect(patchBody(callThrottle, stored(), { ...GENTLE, rules })).toEqual({ rules });
  });

  it("no field replaces a throttle: every change is a PATCH", () => {
    const result = diffResource(callThrottle, stored(), {
      name: "other",
      rules: [{ maxCalls: 1, windowSeconds: 1 }],
    });
    expect(result).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("stored state of a CallThrottle", () => {
  it("round-trips what create stores", () => {
    expect(stored()).toMatchObject({
      id: THROTTLE_ID,
      applied: GENTLE,
      server: { created: "2026-12-01T00:00:00Z" },
    });
  });

  it("decodes rules set outside the program's limits, so refresh can show them as drift", () => {
    const wide = { name: "n".repeat(70), rules: [{ maxCalls: 500, windowSeconds: 0 }] };
    expect(stored(wide).applied).toEqual(wide);
    expect(patchBody(callThrottle, stored(wide), GENTLE)).toEqual(GENTLE);
  });

  it("says which version it reads when state is newer", () => {
    const outs = outputsFor(
      callThrottle,
      GENTLE,
      { throttleId: THROTTLE_ID, created: "x", ...GENTLE },
      never,
    );
    expect(() => decodeStoredState(callThrottle, { ...outs, stateVersion: 2 })).toThrow(
      /CallThrottle was written by a newer pulumi-ultravox \(stateVersion 2; this one reads up to 1\)/,
    );
  });
});

describe("the service's answer for a CallThrottle, from the table", () => {
  it("holds the id, created, name and rules, and refuses an id no path can carry", () => {
    const schema = responseSchema(callThrottle);
    const answer = { throttleId: THROTTLE_ID, created: "2026-12-01T00:00:00Z", ...GENTLE, extra: 1 };
    expect(schema.parse(answer)).toEqual({
      throttleId: THROTTLE_ID,
      created: "2026-12-01T00:00:00Z",
      ...GENTLE,
    });
    expect(schema.safeParse({ ...answer, throttleId: "../x" }).success).toBe(false);
    expect(schema.safeParse({ throttleId: THROTTLE_ID, created: "c", name: "n" }).success).toBe(false);
  });

  it("has no secret keys", () => {
    expect(callThrottle.secretKeys).toEqual([]);
  });
});
