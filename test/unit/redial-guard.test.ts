import { describe, expect, it } from "vitest";
import { type BatchProgress, RedialRefusedError, refuseRedial } from "../../src/batch/redial-guard";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const ID = "6e1b27d5-2ba1-40f3-ac93-4267d0cac2df";
const later = "2026-06-02T09:00:00Z";
const earlier = "2026-05-31T09:00:00Z";

/** A batch created before NOW whose window opens tomorrow: nothing placed. */
const pending: BatchProgress = {
  batchId: ID,
  totalCount: 1000,
  completedCount: 0,
  windowStart: later,
  created: earlier,
};
const started: BatchProgress = { ...pending, windowStart: earlier, completedCount: 40 };
const ended: BatchProgress = { ...started, completedCount: 1000, endedAt: "2026-05-31T18:00:00Z" };

const replace = { replaces: ["agentId"], callsChange: false };
const callsEdit = { replaces: [], callsChange: true };

function refusal(progress: BatchProgress, change: Parameters<typeof refuseRedial>[1]): string {
  try {
    refuseRedial(progress, change, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(RedialRefusedError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("the re-dial guard", () => {
  it("lets a batch that has placed nothing and is not dialing be replaced or edited", () => {
    expect(() => refuseRedial(pending, replace, NOW)).not.toThrow();
    expect(() => refuseRedial(pending, callsEdit, NOW)).not.toThrow();
  });

  it("refuses a replace of a batch that placed calls, saying how many and the ways forward", () => {
    const message = refusal(started, replace);
    expect(message).toContain(`replacing batch ${ID} (agentId changes)`);
    expect(message).toContain("40 people would be called again (40 of its 1,000 calls already placed");
    expect(message).toContain(`allowRedialOf: "${ID}"`);
    expect(message).toContain("second ScheduledBatch");
    expect(message).toContain("retainOnDelete");
  });

  it("refuses a replace of a batch whose window is open though no call is counted yet", () => {
    const open = { ...pending, windowStart: earlier };
    expect(refusal(open, replace)).toContain("anyone it called since the last refresh");
    // Paused: it places nothing, so a replace re-dials no one.
    expect(() => refuseRedial({ ...open, paused: true }, replace, NOW)).not.toThrow();
    // No windowStart: the window opened when the batch was created.
    expect(() => refuseRedial({ ...pending, windowStart: undefined }, replace, NOW)).toThrow(
      RedialRefusedError,
    );
  });

  it("refuses a calls edit on a started or ended batch, and one whose window has ended", () => {
    expect(refusal(started, callsEdit)).toContain(
      `changing the calls of batch ${ID}, which has placed calls`,
    );
    expect(refusal(ended, callsEdit)).toContain("1,000 people would be called again");
    const expired = { ...pending, windowStart: earlier, windowEnd: "2026-06-01T11:00:00Z" };
    expect(refusal(expired, callsEdit)).toContain("its window ended");
  });

  it("refuses the re-create of a tombstone, even with nothing placed", () => {
    const gone = { ...pending, deletedOutsideAt: "2026-06-01T10:00:00Z" };
    const message = refusal(gone, { replaces: ["deletedOutsideAt"], callsChange: false });
    expect(message).toContain(
      `batch ${ID} was deleted outside Pulumi (a refresh found it gone at 2026-06-01T10:00:00Z)`,
    );
    expect(message).toContain("remove this resource from the program");
    expect(message).toContain(`allowRedialOf: "${ID}"`);
  });

  it("allowRedialOf approves exactly the batch it names", () => {
    expect(() => refuseRedial(started, { ...replace, allowRedialOf: ID }, NOW)).not.toThrow();
    expect(() => refuseRedial(ended, { ...callsEdit, allowRedialOf: ID }, NOW)).not.toThrow();
    const other = "11111111-2222-4333-8444-555555555555";
    expect(() => refuseRedial(started, { ...replace, allowRedialOf: other }, NOW)).toThrow(
      RedialRefusedError,
    );
  });
});
