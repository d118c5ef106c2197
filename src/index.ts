export type { BatchResponse, ClientOptions, RetryInfo } from "./batch/client";
export {
  BatchNotFoundUnprovenError,
  InvalidIdError,
  UltravoxApiError,
  UltravoxClient,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "./batch/client";
export type { CallMedium, ScheduledCall } from "./batch/schema";
export { NotJsonError } from "./json/json-value";
export { scheduledBatchProvider } from "./provider/batch-forwarder";
export { CallThrottle, type CallThrottleArgs, type CallThrottleRule } from "./provider/call-throttle";
export {
  isBatchNotFoundUnprovenError,
  isInvalidIdError,
  isNotJsonError,
  isUltravoxApiError,
  isUltravoxNetworkError,
  isUltravoxRequestError,
  isUltravoxResponseError,
} from "./provider/error-guards";
export {
  type PendingCalls,
  type PendingCallsArgs,
  type PendingCallsOptions,
  type PendingCallsOutputArgs,
  pendingCalls,
  pendingCallsOutput,
} from "./provider/pending-calls";
export { ScheduledBatch, type ScheduledBatchArgs } from "./provider/scheduled-batch";
export { callThrottleProvider } from "./provider/throttle-forwarder";
