// What clients see: the batch summary (never `calls`) and the scheduled-call items.
import type { StoredBatch, StoredCall } from "./model";

export type BatchView = Pick<
  StoredBatch,
  | "batchId"
  | "created"
  | "endedAt"
  | "windowStart"
  | "windowEnd"
  | "throttle"
  | "webhookUrl"
  | "webhookSecret"
  | "paused"
> & { totalCount: number; completedCount: number };

/** Keys in the order the docs' examples show them. */
export function batchView(batch: StoredBatch): BatchView {
  return {
    batchId: batch.batchId,
    created: batch.created,
    totalCount: batch.calls.length,
    // "completed" = created or errored; EXPIRED items are not counted.
    completedCount: batch.calls.filter((call) => call.status === "SUCCESS" || call.status === "ERROR").length,
    endedAt: batch.endedAt,
    windowStart: batch.windowStart,
    windowEnd: batch.windowEnd,
    throttle: batch.throttle,
    webhookUrl: batch.webhookUrl,
    webhookSecret: batch.webhookSecret,
    paused: batch.paused,
  };
}

export function scheduledCallView(batch: StoredBatch, call: StoredCall) {
  return {
    status: call.status,
    batchId: batch.batchId,
    callId: call.callId,
    error: call.error,
    medium: call.received.medium ?? null,
    metadata: call.received.metadata ?? null,
    templateContext: call.received.templateContext ?? null,
    experimentalSettings: call.received.experimentalSettings ?? null,
  };
}
