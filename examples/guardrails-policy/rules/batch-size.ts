/** A maximum number of calls per batch: one merge should not dial more people than a team agreed to. */
import { type Batch, callCount } from "./batch";

export interface BatchSizeConfig {
  maxCalls?: number;
}

export const DEFAULT_MAX_CALLS = 1000;

export function batchSizeViolations(batch: Batch, config: BatchSizeConfig): string[] {
  if (batch.paused) return []; // a paused batch dials no one, and pausing must never be blocked
  const maxCalls = config.maxCalls ?? DEFAULT_MAX_CALLS;
  const count = callCount(batch);
  if (count === undefined)
    return [`cannot count the calls: ${(batch.calls as { unreadable: string }).unreadable}`];
  return count > maxCalls
    ? [`the batch has ${count} calls, more than the ${maxCalls} allowed (maxCalls)`]
    : [];
}
