import { describe, expect, it } from "vitest";
import {
  changedFields,
  checkBatchArgs,
  decodeStoredOutputs,
  diffBatch,
  patchBody,
  replaceReasons,
  type StoredBatch,
} from "../../src/batch/core";
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
  return decodeStoredOutputs(flat(inputs, chosenByServer));
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
    expect(changedFields(OLDS, INPUTS)).toEqual([]);
    expect(patchBody(OLDS, INPUTS)).toEqual({});
    expect(diffBatch(OLDS, INPUTS)).toEqual(DIFF(false));
  });

  it.each(singleChanges)("a change to %s gives exactly that field", (field, value) => {
    const news = { ...INPUTS, [field]: value };
    expect(changedFields(OLDS, news)).toEqual([field]);
    expect(patchBody(OLDS, news)).toEqual({ [field]: value });
    expect(diffBatch(OLDS, news)).toEqual(DIFF(true));
  });

  it("reports two changed fields in table order", () => {
    const news = { ...INPUTS, throttle: "other", paused: true };
    expect(changedFields(OLDS, news)).toEqual(["paused", "throttle"]);
    expect(patchBody(OLDS, news)).toEqual({ paused: true, throttle: "other" });
  });

  it("clears a removed windowEnd with null", () => {
    const { windowEnd: _removed, ...news } = INPUTS;
    expect(changedFields(OLDS, news)).toEqual(["windowEnd"]);
    expect(patchBody(OLDS, news)).toEqual({ windowEnd: null });
  });

  it.each(["windowStart", "webhookUrl", "throttle"])("clears a removed %s with null", (field) => {
    const news = { ...INPUTS, [field]: undefined };
    expect(patchBody(OLDS, news)).toEqual({ [field]: null });
  });

  it("refuses to un-pause rather than plan a PATCH the service can only reject with 400", () => {
    const olds = outputs({ ...INPUTS, paused: true });
    const { paused: _removed, ...news } = INPUTS;
    for (const next of [news, { ...news, paused: false }]) {
      // Reported as a change (refresh calls diff too and must not fail); the update refuses it.
      expect(diffBatch(olds, next).changes).toBe(true);
      expect(() => patchBody(olds, next)).toThrow(/paused.*cannot resume a paused batch.*--replace/s);
    }
    expect(diffBatch(olds, { ...news, paused: true })).toEqual(DIFF(false));
  });

  it("treats absent paused and paused: false alike", () => {
    const { paused: _removed, ...withoutPaused } = INPUTS;
    expect(changedFields(outputs(withoutPaused), INPUTS)).toEqual([]);
    expect(changedFields(OLDS, withoutPaused)).toEqual([]);
  });

  it("treats a stored null like an absent value", () => {
    const { windowEnd: _removed, ...news } = INPUTS;
    expect(changedFields(decodeStoredOutputs({ ...flat(INPUTS), windowEnd: null }), news)).toEqual([]);
  });

  it("sees equivalent timestamps as no change after check", () => {
    const olds = outputs(checkBatchArgs({ ...INPUTS, windowStart: "2026-12-01T09:00:00Z" }).inputs);
    const news = checkBatchArgs({ ...INPUTS, windowStart: "2026-12-01T11:00:00.000+02:00" }).inputs;
    expect(changedFields(olds, news)).toEqual([]);
  });

  it("sees equivalent timestamps as no change even if stored in another spelling", () => {
    const olds = decodeStoredOutputs({ ...flat(INPUTS), windowStart: "2026-12-01T10:00:00.000+01:00" });
    expect(changedFields(olds, INPUTS)).toEqual([]);
  });

  it("ignores object key order inside calls", () => {
    const news = { ...INPUTS, calls: [{ metadata: { customer: "1" }, medium: { webRtc: {} } }] };
    expect(changedFields(OLDS, news)).toEqual([]);
  });

  it("treats calls order as significant", () => {
    const two = [{ metadata: { n: "1" } }, { metadata: { n: "2" } }];
    const olds = outputs({ ...INPUTS, calls: two });
    expect(changedFields(olds, { ...INPUTS, calls: [...two].reverse() })).toEqual(["calls"]);
  });

  it("treats an undefined property like an absent one", () => {
    const news = { ...INPUTS, calls: [{ ...CALLS[0], templateContext: undefined }] };
    expect(changedFields(OLDS, news)).toEqual([]);
  });

  it("ignores a difference in __provider or other __ keys", () => {
    const news = { ...INPUTS, __provider: "exports.handler = new", __extra: 1 };
    expect(diffBatch(OLDS, news)).toEqual(DIFF(false));
  });

  it("ignores server output fields", () => {
    const olds = decodeStoredOutputs({
      ...flat(INPUTS),
      completedCount: 1,
      endedAt: "2026-12-01T12:00:00Z",
      totalCount: 9,
    });
    expect(diffBatch(olds, INPUTS).changes).toBe(false);
  });

  it("an adoptBatchId naming this very batch, or removed, is no change", () => {
    expect(diffBatch(OLDS, { ...INPUTS, adoptBatchId: BATCH })).toEqual(DIFF(false));
    const adopted = outputs({ ...INPUTS, adoptBatchId: BATCH });
    expect(diffBatch(adopted, INPUTS)).toEqual(DIFF(false));
  });

  it("fails the preview for another adoptBatchId, naming the managed batch, and never PATCHes it", () => {
    const adopted = outputs({ ...INPUTS, adoptBatchId: BATCH });
    for (const olds of [OLDS, adopted]) {
      const news = { ...INPUTS, adoptBatchId: OTHER_BATCH, throttle: "other" };
      const refused = new RegExp(
        `adoptBatchId only takes effect when the resource is created.*batch ${BATCH}`,
      );
      expect(() => diffBatch(olds, news)).toThrow(refused);
      expect(() => patchBody(olds, news)).toThrow(refused);
    }
  });
});

describe("webhookSecret chosen by the server", () => {
  const { webhookSecret: _secret, ...withoutSecret } = INPUTS;

  it("is no change while the program leaves the secret unset", () => {
    const olds = outputs({ ...withoutSecret, webhookSecret: "server-chosen" }, true);
    expect(changedFields(olds, withoutSecret)).toEqual([]);
    expect(patchBody(olds, withoutSecret)).toEqual({});
  });

  it("is a change when the program starts setting its own secret", () => {
    const olds = outputs({ ...withoutSecret, webhookSecret: "server-chosen" }, true);
    const news = { ...withoutSecret, webhookSecret: "mine" };
    expect(patchBody(olds, news)).toEqual({ webhookSecret: "mine" });
  });

  it("clears a secret the program set and then removed", () => {
    expect(changedFields(OLDS, withoutSecret)).toEqual(["webhookSecret"]);
    expect(patchBody(OLDS, withoutSecret)).toEqual({ webhookSecret: null });
  });
});

describe("replacement", () => {
  it("replaces when agentId changes", () => {
    const news = { ...INPUTS, agentId: OTHER_AGENT };
    expect(replaceReasons(OLDS, news)).toEqual(["agentId"]);
    expect(changedFields(OLDS, news)).toEqual([]);
    expect(diffBatch(OLDS, news)).toEqual(DIFF(true, ["agentId"]));
  });

  it("replaces when agentId is unknown", () => {
    expect(diffBatch(OLDS, { ...INPUTS, agentId: UNKNOWN })).toEqual(DIFF(true, ["agentId"]));
  });

  it("does not replace when agentId is unchanged", () => {
    expect(replaceReasons(OLDS, INPUTS)).toEqual([]);
  });
});

describe("unknown values", () => {
  it("treats an unknown calls list as changed", () => {
    const news = { ...INPUTS, calls: UNKNOWN };
    expect(changedFields(OLDS, news)).toEqual(["calls"]);
    expect(diffBatch(OLDS, news)).toMatchObject({ changes: true, replaces: [] });
  });

  it("treats an unknown deep inside calls as changed", () => {
    const news = { ...INPUTS, calls: [{ ...CALLS[0], metadata: { customer: UNKNOWN } }] };
    expect(changedFields(OLDS, news)).toEqual(["calls"]);
    expect(diffBatch(OLDS, news).changes).toBe(true);
  });

  it("treats an unknown scalar as changed", () => {
    expect(changedFields(OLDS, { ...INPUTS, paused: UNKNOWN, webhookSecret: UNKNOWN })).toEqual([
      "paused",
      "webhookSecret",
    ]);
  });

  it("refuses to build a PATCH body holding an unknown", () => {
    expect(() => patchBody(OLDS, { ...INPUTS, calls: [UNKNOWN] })).toThrow(/calls is not known yet/);
  });
});
