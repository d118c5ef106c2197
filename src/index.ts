export type { BatchResponse, ClientOptions } from "./client";
export { UltravoxApiError, UltravoxClient, UltravoxNetworkError, UltravoxResponseError } from "./client";
export { scheduledBatchProvider } from "./provider";
export { ScheduledBatch, type ScheduledBatchArgs } from "./resource";
export type { CallMedium, ScheduledCall } from "./schema";
