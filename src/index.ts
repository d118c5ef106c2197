export type { BatchResponse, ClientOptions, RetryInfo } from "./client";
export {
  BatchNotFoundUnprovenError,
  InvalidIdError,
  UltravoxApiError,
  UltravoxClient,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "./client";
export {
  isBatchNotFoundUnprovenError,
  isInvalidIdError,
  isNotJsonError,
  isUltravoxApiError,
  isUltravoxNetworkError,
  isUltravoxRequestError,
  isUltravoxResponseError,
} from "./error-guards";
export { NotJsonError } from "./json-value";
export { scheduledBatchProvider } from "./provider";
export { ScheduledBatch, type ScheduledBatchArgs } from "./resource";
export type { CallMedium, ScheduledCall } from "./schema";
