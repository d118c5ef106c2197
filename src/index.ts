export {
  checkCallsAgainstTemplate,
  checkTemplateContext,
  type PromptTemplate,
  promptRequirements,
  readPromptTemplate,
  templateVariables,
} from "./agent/prompt-variables";
export type { BatchResponse, ClientOptions, RetryInfo } from "./batch/client";
export { UltravoxClient } from "./batch/client";
export type { CallMedium, ScheduledCall } from "./batch/schema";
// The one phone-number mask every review uses (the guardrails policy pack masks with it too).
export { maskNumber } from "./privacy/masked-number";
export { Agent, type AgentArgs, type AgentCallTemplate } from "./provider/agent";
export { agentProvider } from "./provider/agent-forwarder";
export { scheduledBatchProvider } from "./provider/batch-forwarder";
export { CallThrottle, type CallThrottleArgs, type CallThrottleRule } from "./provider/call-throttle";
export {
  AmbiguousCreateError,
  BatchNotFoundUnprovenError,
  CancelledError,
  CreateNotSettledError,
  EarlierCreateLookupError,
  InvalidIdError,
  isBatchNotFoundUnprovenError,
  isInvalidIdError,
  isNotJsonError,
  isUltravoxApiError,
  isUltravoxNetworkError,
  isUltravoxRequestError,
  isUltravoxResponseError,
  NotFoundUnprovenError,
  NotJsonError,
  UltravoxApiError,
  UltravoxError,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
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
