import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { AGENT, BATCH, UNKNOWN } from "../../fixtures";
import { outgoing } from "./inputs";

describe("check of a batch: changes from the previous inputs", () => {
  it("refuses to un-pause a batch the previous inputs paused", () => {
    const olds = outgoing({ paused: true });
    expect(checkArgs(batch, outgoing(), olds).failures.map((f) => f.property)).toEqual(["paused"]);
    expect(checkArgs(batch, outgoing({ paused: true }), olds).failures).toEqual([]);
    expect(checkArgs(batch, outgoing({ paused: UNKNOWN }), olds).failures).toEqual([]);
  });

  it("refuses a different adoptBatchId than the previous inputs adopted", () => {
    const olds = outgoing({ adoptBatchId: BATCH });
    expect(checkArgs(batch, outgoing({ adoptBatchId: AGENT }), olds).failures.map((f) => f.property)).toEqual(
      ["adoptBatchId"],
    );
    expect(checkArgs(batch, outgoing(), olds).failures).toEqual([]);
  });

  it("leaves an adoptBatchId added after create to diff, which knows the batch id", () => {
    // The previous inputs of a resource that created its own batch do not hold its id: the value may
    // name that very batch (no change) or another one (diff fails the preview, see diff.test.ts).
    expect(checkArgs(batch, outgoing({ adoptBatchId: BATCH }), outgoing()).failures).toEqual([]);
  });
});
