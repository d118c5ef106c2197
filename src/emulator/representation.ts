// What clients see: the batch summary (never `calls`), the scheduled-call items, the created calls
// and call throttles.
import { isOutgoingMedium } from "./medium";
import type { CreatedCall, StoredBatch, StoredCall, StoredThrottle } from "./model";

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

/**
 * A created call as the `Call` schema describes it: every key it requires, null where the emulator
 * has nothing to say (no one joins, nothing is billed). The schema says the first speaker is the user
 * for outgoing calls and the agent otherwise.
 */
export function createdCallView(batch: StoredBatch, call: CreatedCall) {
  const outgoing = isOutgoingMedium(call.medium);
  return {
    callId: call.callId,
    clientVersion: null,
    created: call.created,
    joined: null,
    ended: call.ended,
    endReason: call.endReason,
    billedDuration: null,
    billedSideInputTokens: null,
    billedSideOutputTokens: null,
    billingStatus: "BILLING_STATUS_PENDING",
    firstSpeaker: outgoing ? "FIRST_SPEAKER_USER" : "FIRST_SPEAKER_AGENT",
    firstSpeakerSettings: outgoing ? { user: {} } : { agent: {} },
    initialOutputMedium: "MESSAGE_MEDIUM_VOICE",
    joinUrl: call.joinUrl,
    medium: call.medium,
    shortSummary: null,
    summary: null,
    agent: { agentId: batch.agentId, name: `agent ${batch.agentId.slice(0, 8)}` },
    agentId: batch.agentId,
    experimentalSettings: call.experimentalSettings,
    metadata: call.metadata,
    initialState: {},
    requestContext: {},
    sipDetails: null,
  };
}

/** Keys in the order of the docs' other resources: id, created, then the writable fields. */
export function throttleView(throttle: StoredThrottle) {
  return {
    throttleId: throttle.throttleId,
    created: throttle.created,
    name: throttle.name,
    rules: throttle.rules.map((rule) => ({ ...rule })),
  };
}
