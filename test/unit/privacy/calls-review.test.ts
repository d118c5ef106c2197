import { describe, expect, it } from "vitest";
import { callLabelProblem, labelOfCall } from "../../../src/privacy/call-label";
import { renderCallsReview } from "../../../src/privacy/calls-review";
import { reviewInlineCalls } from "../../../src/privacy/inline-calls-review";

const call = (to: string, crmId: string, name = "Ada") => ({
  medium: { twilio: { outgoing: { to, from: "+14155550100" } } },
  metadata: { crmId },
  templateContext: { firstName: name },
});

describe("labelOfCall", () => {
  it("names a call by position, then by the picked value", () => {
    const c = call("+14155550101", "C-1");
    expect(labelOfCall(c, undefined, 12)).toBe("call #12");
    expect(labelOfCall(c, "metadata.crmId", 12)).toBe("call #12 (metadata.crmId C-1)");
    expect(labelOfCall(c, "metadata.crmId", "contacts.csv:13")).toBe("contacts.csv:13 (metadata.crmId C-1)");
    expect(labelOfCall(c, "metadata.missing", 3)).toBe("call #3");
  });

  it("never points into the medium, where the number is", () => {
    expect(callLabelProblem("medium.twilio.outgoing.to")).not.toBeNull();
    expect(labelOfCall(call("+14155550101", "C-1"), "medium.twilio.outgoing.to", 1)).toBe("call #1");
    expect(callLabelProblem("templateContext.customerId")).toBeNull();
  });
});

describe("reviewInlineCalls", () => {
  const before = [call("+14155550101", "C-1"), call("+14155550102", "C-2"), call("+14155550103", "C-3")];

  it("counts added and removed calls and masks each changed one", () => {
    const after = [before[0], call("+14155550122", "C-2", "Bob"), before[2], call("+14155550104", "C-4")];
    const review = reviewInlineCalls(before, after, "metadata.crmId");
    expect(review).toMatchObject({ count: 4, added: 2, removed: 1, more: 0 });
    const text = renderCallsReview(review);
    expect(text).toBe(
      [
        "calls: 4 calls, +2 −1",
        "  ~ call #2 (metadata.crmId C-2) +1 415 ***-0122",
        "  + call #4 (metadata.crmId C-4) +1 415 ***-0104",
      ].join("\n"),
    );
  });

  it("shows no full number and no unpicked value", () => {
    const after = before.slice(1).map((c, i) => ({ ...c, templateContext: { firstName: `Name${i}` } }));
    const text = renderCallsReview(reviewInlineCalls(before, after));
    for (const secret of ["+14155550101", "4155550102", "Ada", "Name0", "C-1"])
      expect(text).not.toContain(secret);
    expect(text).toContain("calls: 2 calls, +2 −3");
  });

  it("a reordered list is no change; a long edit is cut short", () => {
    expect(reviewInlineCalls(before, [...before].reverse())).toMatchObject({
      added: 0,
      removed: 0,
      calls: [],
    });
    const many = Array.from({ length: 50 }, (_, i) => call(`+1415555${String(1000 + i)}`, `C-${i}`));
    const review = reviewInlineCalls([], many);
    expect(review.calls).toHaveLength(20);
    expect(renderCallsReview(review)).toContain("… and 30 more");
  });
});
