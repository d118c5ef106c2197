/**
 * Everything in a plan a person must approve before it is applied, one line each: people called
 * again (a re-create, a replace), a campaign stopped (a delete) or left running with nobody
 * managing it (retainOnDelete), and dialling made faster (a throttle loosened, deleted, replaced,
 * or dropped from a batch).
 */
import { createHash } from "node:crypto";
import { approvalReason, type BatchChange, batchChanges } from "./batch-changes";
import type { PreviewJson } from "./preview-json";
import {
  batchThrottleSpeedUp,
  type ThrottleChange,
  throttleChanges,
  throttleRulesByName,
} from "./throttle-changes";

export interface Plan {
  batches: BatchChange[];
  throttles: ThrottleChange[];
  /** Batch throttle moves that may dial faster. */
  batchSpeedUps: string[];
  /** One line per change that needs a reviewer's approval; empty when none does. */
  approvals: string[];
}

export function planOf(preview: PreviewJson): Plan {
  const batches = batchChanges(preview);
  const throttles = throttleChanges(preview);
  const rules = throttleRulesByName(preview);
  const batchSpeedUps = batches.flatMap((change) => batchThrottleSpeedUp(change, rules) ?? []);
  const approvals = [
    ...batches.flatMap((change) => {
      const reason = approvalReason(change);
      return reason === undefined ? [] : [`batch ${change.name}: ${reason}`];
    }),
    ...batchSpeedUps,
    ...throttles.map((change) => change.faster),
  ];
  return { batches, throttles, batchSpeedUps, approvals };
}

/**
 * The approvals as one short token: the plan job hands it to the `up` job (a job output), whose
 * own plan must need exactly these approvals, or it is refused. Empty when nothing needs approval.
 */
export function approvalsDigest(approvals: string[]): string {
  if (approvals.length === 0) return "";
  return createHash("sha256")
    .update([...approvals].sort().join("\n"))
    .digest("hex")
    .slice(0, 32);
}
