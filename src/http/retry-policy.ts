/**
 * The retry policy as plain data (modelled on sindresorhus/ky's retry options) and the pure
 * decisions made from it: whether a failed try is retried and after how long, and whether a POST
 * may have acted. No I/O, no clock: the caller passes in everything that was observed.
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
  /**
   * Floor for every wait, backoff and `Retry-After` alike: `Retry-After: 0` (or a date in the past)
   * must not turn into a hot loop against a service that is asking us to slow down.
   */
  minDelayMs: number;
  /** Idempotent methods: retried on `retryStatuses` and on any network error (including timeouts). */
  retryMethods: readonly string[];
  /** Statuses worth retrying for idempotent methods. */
  retryStatuses: readonly number[];
  /**
   * Answers to a POST that prove the service did not act (it refused before doing anything): the
   * POST is retried. Only 429: rate limiters (the API's own and a proxy's alike) refuse before
   * forwarding. No 5xx is here: a 503 may come from a proxy after the service acted. Every other
   * status, and any network failure after the request may have been sent, leaves open whether the
   * batch was created: see `postMayHaveActed`.
   */
  postRetryStatuses: readonly number[];
  /** Network error codes raised before any byte could reach the server: retried even for a POST. */
  notSentCodes: readonly string[];
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
  minDelayMs: 250,
  retryMethods: Object.freeze(["GET", "PATCH", "DELETE"]),
  retryStatuses: Object.freeze([429, 502, 503, 504]),
  postRetryStatuses: Object.freeze([429]),
  notSentCodes: Object.freeze([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NONAME",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EADDRNOTAVAIL",
  ]),
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

/** What one failed try looked like. */
export type TryOutcome =
  | { kind: "status"; status: number; retryAfterMs: number | undefined }
  /** `code` is the system error code, or `ETIMEDOUT` for our own timeout. */
  | { kind: "network"; code: string | undefined }
  /** A 2xx whose body could not be used (not JSON, wrong shape, too large): the server did answer. */
  | { kind: "unusable-success" };

/**
 * Whether a request that is not safe to repeat (a POST, or a PATCH carrying calls) may have acted
 * when it ended this way. The one place that decides it: the client marks its errors with the
 * answer, and safe-create and update reconcile exactly those.
 */
export function postMayHaveActed(policy: RetryPolicy, outcome: TryOutcome): boolean {
  switch (outcome.kind) {
    case "unusable-success":
      return true;
    case "network":
      return outcome.code === undefined || !policy.notSentCodes.includes(outcome.code);
    case "status":
      // A 4xx is a refusal (429 included). Any 5xx, 503 too, may come from a proxy after the work was done.
      return outcome.status >= 500 && !policy.postRetryStatuses.includes(outcome.status);
  }
}

export type RetryDecision =
  | { retry: true; delayMs: number; countsAsAttempt: boolean }
  | { retry: false; reason: "not-retryable" | "attempts" | "retry-after-too-long" | "budget" };

/**
 * Decide whether to try again after a failed try, and how long to wait first.
 * @param attempt number of the try that just failed (1 = the first)
 * @param countedAttempts tries so far that count against `maxAttempts`, this one excluded
 * @param spentMs time spent so far (tries and waits)
 */
export function decideRetry(
  policy: RetryPolicy,
  input: {
    method: string;
    /** Whether repeating the request is harmless; default: `method` is one of `retryMethods`. */
    idempotent?: boolean;
    outcome: TryOutcome;
    attempt: number;
    countedAttempts: number;
    spentMs: number;
    random: () => number;
  },
): RetryDecision {
  const { outcome } = input;
  const idempotent = input.idempotent ?? policy.retryMethods.includes(input.method);
  let retryable: boolean;
  if (outcome.kind === "unusable-success") retryable = false;
  else if (outcome.kind === "status") {
    retryable = (idempotent ? policy.retryStatuses : policy.postRetryStatuses).includes(outcome.status);
  } else retryable = idempotent || !postMayHaveActed(policy, outcome);
  if (!retryable) return { retry: false, reason: "not-retryable" };

  const countsAsAttempt = outcome.kind !== "status" || !policy.budgetOnlyStatuses.includes(outcome.status);
  if (countsAsAttempt && input.countedAttempts + 1 >= policy.maxAttempts) {
    return { retry: false, reason: "attempts" };
  }
  const retryAfterMs = outcome.kind === "status" ? outcome.retryAfterMs : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: "retry-after-too-long" };
  }
  const delayMs = Math.max(
    policy.minDelayMs,
    retryAfterMs ?? backoffDelayMs(policy, input.attempt, input.random),
  );
  if (input.spentMs + delayMs > policy.budgetMs) return { retry: false, reason: "budget" };
  return { retry: true, delayMs, countsAsAttempt };
}

/**
 * Full-jitter exponential backoff: `random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`
 * (the caller applies `minDelayMs`).
 * @param attempt 1-based retry number (1 = the wait before the second try).
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(random() * ceiling);
}

/** An HTTP-date (`Date`, `Retry-After`) as epoch ms, or undefined. It always names a weekday/month. */
export function parseHttpDateMs(text: string): number | undefined {
  // The letter check keeps "-5" from parsing as the year -5.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * Parse a `Retry-After` header: either delta-seconds (`"120"`, fractions tolerated) or an HTTP-date.
 * Returns milliseconds to wait from `now` (never negative), or undefined when absent or unparsable.
 */
export function parseRetryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = parseHttpDateMs(text);
  return at === undefined ? undefined : Math.max(0, at - now.getTime());
}
