import { describe, expect, it } from "vitest";
import type { BatchResponse } from "../../src/batch/api-types";
import { batch } from "../../src/batch/definition";
import { diffResource, patchBody } from "../../src/fields/diff";
import { inputsFromLive } from "../../src/fields/field-rules";
import { outputsFor } from "../../src/fields/outputs";
import { decodeStoredState } from "../../src/fields/stored-state";
import { AGENT, BATCH } from "../fixtures";

/** Stored state decodes with the service's shape; values the service fills in are not the program's. */

const CALLS = [{ medium: { twilio: { outgoing: { to: "+14155550123", from: "+14155550999" } } } }];
const PROGRAM = { agentId: AGENT, calls: CALLS, throttle: "gentle" };

function state(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...PROGRAM,
    batchId: BATCH,
    created: "2026-11-30T12:00:00Z",
    totalCount: 1,
    completedCount: 0,
    webhookSecretChosenByServer: true,
    stateVersion: 3,
    ...overrides,
  };
}

describe("stored state decodes whatever the service may hold", () => {
  it.each([
    ["a 70-character throttle", { throttle: "t".repeat(70) }],
    ['a throttle of ""', { throttle: "" }],
    ["a webhookUrl that is no URL", { webhookUrl: "not a url" }],
    ["a window start that is no timestamp", { windowStart: "tomorrow" }],
    ["listed calls with nested nulls", { calls: [{ medium: { twilio: { dtmfHandling: null } } }] }],
  ])("%s: decodes, and the program's value is one PATCH away", (_name, held) => {
    const stored = decodeStoredState(batch, state(held));
    expect(diffResource(batch, stored, PROGRAM).changes).toBe(true);
    const body = patchBody(batch, stored, PROGRAM);
    expect(Object.keys(body).length).toBeGreaterThan(0);
    for (const field of Object.keys(body))
      expect(body[field]).toEqual((PROGRAM as Record<string, unknown>)[field] ?? null);
  });

  it.each([
    ["null windows", { windowStart: null, windowEnd: null }],
    ["a 200-character webhook secret the server chose", { webhookSecret: "s".repeat(200) }],
  ])("%s: decodes, and is no change for a program that sets none", (_name, held) => {
    expect(diffResource(batch, decodeStoredState(batch, state(held)), PROGRAM).changes).toBe(false);
  });

  it("server fields that do not read leave the state readable", () => {
    expect(decodeStoredState(batch, state({ totalCount: "two" })).server).toBeUndefined();
  });
});

function live(fields: Partial<BatchResponse>): BatchResponse {
  return { batchId: BATCH, created: "2026-11-30T12:00:00Z", totalCount: 1, completedCount: 0, ...fields };
}

describe("refresh's inputs from the live batch", () => {
  const never = () => false;

  it('reads "" from the service as not set', () => {
    const inputs = inputsFromLive(
      batch,
      PROGRAM,
      live({ throttle: "", webhookUrl: "" }),
      never,
      () => undefined,
    );
    expect(inputs).not.toHaveProperty("throttle");
    expect(inputs).not.toHaveProperty("webhookUrl");
  });

  it("keeps a filled-in window start out when the program never set it", () => {
    const filled = "2026-11-30T12:00:00Z";
    const same = "2026-11-30T14:00:00+02:00";
    expect(
      inputsFromLive(batch, PROGRAM, live({ windowStart: same }), never, () => filled),
    ).not.toHaveProperty("windowStart");
    // State written before the value was recorded: the first value seen counts as filled in.
    expect(
      inputsFromLive(batch, PROGRAM, live({ windowStart: same }), never, () => undefined),
    ).not.toHaveProperty("windowStart");
  });

  it("shows another value, or one where the service held none, as drift", () => {
    const moved = "2026-12-01T09:00:00Z";
    expect(
      inputsFromLive(batch, PROGRAM, live({ windowStart: moved }), never, () => "2026-11-30T12:00:00Z"),
    ).toMatchObject({
      windowStart: moved,
    });
    expect(inputsFromLive(batch, PROGRAM, live({ windowStart: moved }), never, () => "")).toMatchObject({
      windowStart: moved,
    });
  });

  it("records what the service filled in, and nothing for a window the program sets", () => {
    const outs = outputsFor(
      batch,
      PROGRAM,
      live({ windowStart: "2026-11-30T12:00:00Z", windowEnd: null }),
      () => true,
    );
    expect(outs).toMatchObject({
      windowStartFilledByServer: "2026-11-30T12:00:00Z",
      windowEndFilledByServer: "",
    });
    const set = outputsFor(batch, { ...PROGRAM, windowStart: "2026-12-01T09:00:00Z" }, live({}), () => true);
    expect(set).not.toHaveProperty("windowStartFilledByServer");
  });
});
