import { describe, expect, it } from "vitest";
import type { StoredBatch } from "../../src/batch/core";
import { batch } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";
import { changedFields, diffResource, patchBody, replaceReasons } from "../../src/fields/diff";
import { decodeStoredState } from "../../src/fields/stored-state";
import { AGENT, BATCH, OTHER_AGENT, OTHER_BATCH, UNKNOWN } from "../fixtures";

const CALLS = [{ medium: { webRtc: {} }, metadata: { customer: "1" } }];

/** Canonical inputs of a webhook batch that sets every mutable field. */
const INPUTS: Record<string, unknown> = {
  agentId: AGENT,
  calls: CALLS,
  windowStart: "2026-12-01T09:00:00Z",
  windowEnd: "2026-12-01T17:00:00Z",
  paused: false,
  webhookUrl: "https://example.com/hook",
  webhookSecret: "program-secret",
  throttle: "ten-per-minute",
};

/** Stored outputs as the engine holds them: the inputs plus server fields. */
function flat(inputs: Record<string, unknown>, chosenByServer = false): Record<string, unknown> {
  return {
    ...inputs,
    __provider: "exports.handler = old",
    batchId: BATCH,
    created: "2026-11-30T12:00:00Z",
    totalCount: 1,
    completedCount: 0,
    webhookSecretChosenByServer: chosenByServer,
    stateVersion: 2,
  };
}

/** Stored outputs, decoded as diff receives them. */
function outputs(inputs: Record<string, unknown>, chosenByServer = false): StoredBatch {
  return decodeStoredState(batch, flat(inputs, chosenByServer)) as StoredBatch;
}

const OLDS = outputs(INPUTS);
const DIFF = (changes: boolean, replaces: string[] = []) => ({
  changes,
  replaces,
  deleteBeforeReplace: true,
});

const singleChanges: Array<[string, unknown]> = [
  ["windowStart", "2026-12-01T10:00:00Z"],
  ["windowEnd", "2026-12-01T18:00:00Z"],
  ["paused", true],
  ["webhookUrl", "https://example.com/other"],
  ["webhookSecret", "another-secret"],
  ["throttle", "five-per-minute"],
  ["calls", [...CALLS, { medium: { webRtc: {} } }]],
];

describe("changedFields / patchBody", () => {
  it("reports nothing when nothing changed", () => {
    expect(changedFields(batch, OLDS, INPUTS)).toEqual([]);
    expect(patchBody(batch, OLDS, INPUTS)).toEqual({});
    expect(diffResource(batch, OLDS, INPUTS)).toEqual(DIFF(false));
  });

  it.each(singleChanges)("a change to %s gives exactly that field", (field, value) => {
    const news = { ...INPUTS, [field]: value };
    expect(changedFields(batch, OLDS, news)).toEqual([field]);
    expect(patchBody(batch, OLDS, news)).toEqual({ [field]: value });
    expect(diffResource(batch, OLDS, news)).toEqual(DIFF(true));
  });

  it("reports two changed fields in table order", () => {
    const news = { ...INPUTS, throttle: "other", paused: true };
    expect(changedFields(batch, OLDS, news)).toEqual(["paused", "throttle"]);
    expect(patchBody(batch, OLDS, news)).toEqual({ paused: true, throttle: "other" });
  });

  it("clears a removed windowEnd with null", () => {
    const { windowEnd: _removed, ...news } = INPUTS;
    expect(changedFields(batch, OLDS, news)).toEqual(["windowEnd"]);
    expect(patchBody(batch, OLDS, news)).toEqual({ windowEnd: null });
  });

  it.each(["windowStart", "webhookUrl", "throttle"])("clears a removed %s with null", (field) => {
    const news = { ...INPUTS, [field]: undefined };
    expect(patchBody(batch, OLDS, news)).toEqual({ [field]: null });
  });

  it("refuses to un-pause rather than plan a PATCH the service can only reject with 400", () => {
    const olds = outputs({ ...INPUTS, paused: true });
    const { paused: _removed, ...news } = INPUTS;
    for (const next of [news, { ...news, paused: false }]) {
      // Reported as a change (refresh calls diff too and must not fail); the update refuses it.
      expect(diffResource(batch, olds, next).changes).toBe(true);
      expect(() => patchBody(batch, olds, next)).toThrow(/paused.*cannot resume a paused batch.*--replace/s);
    }
    expect(diffResource(batch, olds, { ...news, paused: true })).toEqual(DIFF(false));
  });

  it("treats absent paused and paused: false alike", () => {
    const { paused: _removed, ...withoutPaused } = INPUTS;
    expect(changedFields(batch, outputs(withoutPaused), INPUTS)).toEqual([]);
    expect(changedFields(batch, OLDS, withoutPaused)).toEqual([]);
  });

  it("treats a stored null like an absent value", () => {
    const { windowEnd: _removed, ...news } = INPUTS;
    expect(
      changedFields(batch, decodeStoredState(batch, { ...flat(INPUTS), windowEnd: null }), news),
    ).toEqual([]);
  });

  it("sees equivalent timestamps as no change after check", () => {
    const olds = outputs(checkArgs(batch, { ...INPUTS, windowStart: "2026-12-01T09:00:00Z" }).inputs);
    const news = checkArgs(batch, { ...INPUTS, windowStart: "2026-12-01T11:00:00.000+02:00" }).inputs;
    expect(changedFields(batch, olds, news)).toEqual([]);
  });

  it("sees equivalent timestamps as no change even if stored in another spelling", () => {
    const olds = decodeStoredState(batch, { ...flat(INPUTS), windowStart: "2026-12-01T10:00:00.000+01:00" });
    expect(changedFields(batch, olds, INPUTS)).toEqual([]);
  });

  it("ignores object key order inside calls", () => {
    const news = { ...INPUTS, calls: [{ metadata: { customer: "1" }, medium: { webRtc: {} } }] };
    expect(changedFields(batch, OLDS, news)).toEqual([]);
  });

  it("treats calls order as significant", () => {
    const two = [{ metadata: { n: "1" } }, { metadata: { n: "2" } }];
    const olds = outputs({ ...INPUTS, calls: two });
    expect(changedFields(batch, olds, { ...INPUTS, calls: [...two].reverse() })).toEqual(["calls"]);
  });

  it("treats an undefined property like an absent one", () => {
    const news = { ...INPUTS, calls: [{ ...CALLS[0], templateContext: undefined }] };
    expect(changedFields(batch, OLDS, news)).toEqual([]);
  });

  it("ignores a difference in __provider or other __ keys", () => {
    const news = { ...INPUTS, __provider: "exports.handler = new", __extra: 1 };
    expect(diffResource(batch, OLDS, news)).toEqual(DIFF(false));
  });

  it("ignores server output fields", () => {
    const olds = decodeStoredState(batch, {
      ...flat(INPUTS),
      completedCount: 1,
      endedAt: "2026-12-01T12:00:00Z",
      totalCount: 9,
    });
    expect(diffResource(batch, olds, INPUTS).changes).toBe(false);
  });

  it("an adoptBatchId naming this very batch, or removed, is no change", () => {
    expect(diffResource(batch, OLDS, { ...INPUTS, adoptBatchId: BATCH })).toEqual(DIFF(false));
    const adopted = outputs({ ...INPUTS, adoptBatchId: BATCH });
    expect(diffResource(batch, adopted, INPUTS)).toEqual(DIFF(false));
  });

  it("fails the preview for another adoptBatchId, naming the managed batch, and never PATCHes it", () => {
    const adopted = outputs({ ...INPUTS, adoptBatchId: BATCH });
    for (const olds of [OLDS, adopted]) {
      const news = { ...INPUTS, adoptBatchId: OTHER_BATCH, throttle: "other" };
      const refused = new RegExp(
        `adoptBatchId only takes effect when the resource is created.*batch ${BATCH}`,
      );
      expect(() => diffResource(batch, olds, news)).toThrow(refused);
      expect(() => patchBody(batch, olds, news)).toThrow(refused);
    }
  });
});

describe("webhookSecret chosen by the server", () => {
  const { webhookSecret: _secret, ...withoutSecret } = INPUTS;

  it("is no change while the program leaves the secret unset", () => {
    const olds = outputs({ ...withoutSecret, webhookSecret: "server-chosen" }, true);
    expect(changedFields(batch, olds, withoutSecret)).toEqual([]);
    expect(patchBody(batch, olds, withoutSecret)).toEqual({});
  });

  it("is a change when the program starts setting its own secret", () => {
    const olds = outputs({ ...withoutSecret, webhookSecret: "server-chosen" }, true);
    const news = { ...withoutSecret, webhookSecret: "mine" };
    expect(patchBody(batch, olds, news)).toEqual({ webhookSecret: "mine" });
  });

  it("clears a secret the program set and then removed", () => {
    expect(changedFields(batch, OLDS, withoutSecret)).toEqual(["webhookSecret"]);
    expect(patchBody(batch, OLDS, withoutSecret)).toEqual({ webhookSecret: null });
  });
});

describe("replacement", () => {
  it("replaces when agentId changes", () => {
    const news = { ...INPUTS, agentId: OTHER_AGENT };
    expect(replaceReasons(batch, OLDS, news)).toEqual(["agentId"]);
    expect(changedFields(batch, OLDS, news)).toEqual([]);
    expect(diffResource(batch, OLDS, news)).toEqual(DIFF(true, ["agentId"]));
  });

  it("replaces when agentId is unknown", () => {
    expect(diffResource(batch, OLDS, { ...INPUTS, agentId: UNKNOWN })).toEqual(DIFF(true, ["agentId"]));
  });

  it("does not replace when agentId is unchanged", () => {
    expect(replaceReasons(batch, OLDS, INPUTS)).toEqual([]);
  });
});

describe("unknown values", () => {
  it("treats an unknown calls list as changed", () => {
    const news = { ...INPUTS, calls: UNKNOWN };
    expect(changedFields(batch, OLDS, news)).toEqual(["calls"]);
    expect(diffResource(batch, OLDS, news)).toMatchObject({ changes: true, replaces: [] });
  });

  it("treats an unknown deep inside calls as changed", () => {
    const news = { ...INPUTS, calls: [{ ...CALLS[0], metadata: { customer: UNKNOWN } }] };
    expect(changedFields(batch, OLDS, news)).toEqual(["calls"]);
    expect(diffResource(batch, OLDS, news).changes).toBe(true);
  });

  it("treats an unknown scalar as changed", () => {
    expect(changedFields(batch, OLDS, { ...INPUTS, paused: UNKNOWN, webhookSecret: UNKNOWN })).toEqual([
      "paused",
      "webhookSecret",
    ]);
  });

  it("refuses to build a PATCH body holding an unknown", () => {
    expect(() => patchBody(batch, OLDS, { ...INPUTS, calls: [UNKNOWN] })).toThrow(/calls is not known yet/);
  });
});
