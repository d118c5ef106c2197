/**
 * Retry policy as plain data (modelled on sindresorhus/ky), plus the pure computations the client
 * needs: full-jitter exponential backoff and `Retry-After` parsing.
 */
export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  /** Give up when the next wait would pass this much total time since the first try. */
  budgetMs: number;
  /** Backoff base: retry n waits up to `baseDelayMs * 2^(n-1)`. */
  baseDelayMs: number;
  /** Cap for one backoff wait. */
  maxDelayMs: number;
  /** Idempotent methods: retried on `retryStatuses` and on any network error (including timeouts). */
  retryMethods: readonly string[];
  /** Statuses worth retrying for idempotent methods. */
  retryStatuses: readonly number[];
  /**
   * Statuses worth retrying for a POST (not idempotent): only answers where the server surely did not act.
   * A POST is also retried on network errors that happened before the request could reach the server.
   */
  postRetryStatuses: readonly number[];
  /** A `Retry-After` longer than this is not waited for: the request fails instead. */
  maxRetryAfterMs: number;
  /**
   * "Slow down" answers: retried like the others, but bounded by the time budget only, not by
   * `maxAttempts`. A busy account behind a rate limit should wait its turn, not fail after 5 tries.
   */
  budgetOnlyStatuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  budgetMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  retryMethods: Object.freeze(["GET", "PATCH", "DELETE"]),
  retryStatuses: Object.freeze([429, 502, 503, 504]),
  postRetryStatuses: Object.freeze([429, 503]),
  maxRetryAfterMs: 60_000,
  budgetOnlyStatuses: Object.freeze([429]),
});

/**
 * Merge a partial policy over the defaults. When the budget is changed but `maxRetryAfterMs` is not,
 * the latter follows the budget (a `Retry-After` past the budget could never be honoured anyway).
 */
export function mergeRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const merged: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...(partial ?? {}) };
  if (partial?.budgetMs !== undefined && partial.maxRetryAfterMs === undefined) {
    merged.maxRetryAfterMs = partial.budgetMs;
  }
  return merged;
}

/**
 * Full-jitter exponential backoff: `random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`.
 * @param attempt 1-based retry number (1 = the wait before the second try).
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(random() * ceiling);
}

/**
 * Parse a `Retry-After` header: either delta-seconds (`"120"`, fractions tolerated) or an HTTP-date.
 * Returns milliseconds to wait from `now` (never negative), or undefined when absent or unparsable.
 */
export function parseRetryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  // An HTTP-date always names a weekday/month; this keeps "-5" from parsing as the year -5.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
