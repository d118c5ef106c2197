/**
 * calls-review.ts for calls given inline (a list in the program): each call keyed by its canonical
 * JSON, named by its position and the program's `callLabel`, its number masked.
 */
import { canonicalJson } from "../json/canonical";
import { labelOfCall } from "./call-label";
import { maskedNumberOfCall } from "./call-number";
import { type CallsReview, type CallsSide, reviewCalls } from "./calls-review";

function side(calls: readonly unknown[], callLabel: string | undefined): CallsSide {
  return {
    keys: calls.map((call) => JSON.stringify(canonicalJson(call) ?? null)),
    describe: (index) => {
      const call = calls[index];
      const masked = maskedNumberOfCall(call);
      return { label: labelOfCall(call, callLabel, index + 1), ...(masked === undefined ? {} : { masked }) };
    },
  };
}

/** The review of a list of calls replaced by another. */
export function reviewInlineCalls(
  before: readonly unknown[],
  after: readonly unknown[],
  callLabel?: string,
): CallsReview {
  return reviewCalls(side(before, callLabel), side(after, callLabel));
}
