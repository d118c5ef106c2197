import { describe, expect, it } from "vitest";
import { checkBatchArgs } from "../../../src/batch/core";
import { AGENT, BATCH, UNKNOWN } from "../../fixtures";
import { outgoing } from "./inputs";

describe("checkBatchArgs: changes from the previous inputs", () => {
  it("refuses to un-pause a batch the previous inputs paused", () => {
    const olds = outgoing({ paused: true });
    expect(checkBatchArgs(outgoing(), olds).failures.map((f) => f.property)).toEqual(["paused"]);
    expect(checkBatchArgs(outgoing({ paused: true }), olds).failures).toEqual([]);
    expect(checkBatchArgs(outgoing({ paused: UNKNOWN }), olds).failures).toEqual([]);
  });

  it("refuses a different adoptBatchId than the previous inputs adopted", () => {
    const olds = outgoing({ adoptBatchId: BATCH });
    expect(checkBatchArgs(outgoing({ adoptBatchId: AGENT }), olds).failures.map((f) => f.property)).toEqual([
      "adoptBatchId",
    ]);
    expect(checkBatchArgs(outgoing(), olds).failures).toEqual([]);
  });

  it("leaves an adoptBatchId added after create to diff, which knows the batch id", () => {
    // The previous inputs of a resource that created its own batch do not hold its id: the value may
    // name that very batch (no change) or another one (diff fails the preview, see diff.test.ts).
    expect(checkBatchArgs(outgoing({ adoptBatchId: BATCH }), outgoing()).failures).toEqual([]);
  });
});
