/**
 * The line a wait shows in `pulumi up`, so a rate-limited or retried request is visible instead of
 * a silent pause: `ultravox: 429 Too Many Requests on PATCH /api/agents/…/scheduled_batches/…,
 * waiting 1.0 s (try 2; a rate limit is retried within the 60.0 s retry budget)`. It carries the
 * method, the path (ids only: the API key travels in a header) and the reason, already scrubbed.
 */
import { seconds } from "./api-errors";
import type { RetryInfo } from "./request-loop";
import type { RetryPolicy } from "./retry-policy";

export function retryLine(info: RetryInfo, policy: Pick<RetryPolicy, "maxAttempts" | "budgetMs">): string {
  const tally = info.countsAsAttempt
    ? `attempt ${info.countedAttempts + 1} of ${policy.maxAttempts}`
    : `try ${info.attempt + 1}; a rate limit is retried within the ${seconds(policy.budgetMs)} retry budget`;
  return `ultravox: ${info.reason} on ${info.method} ${info.path}, waiting ${seconds(info.delayMs)} (${tally})`;
}
