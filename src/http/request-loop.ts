/**
 * Sending one API request to completion: rate limit, tries, waits, and the typed error when it
 * fails. Which failures are retried and how long to wait is decided by `decideRetry` from the policy
 * data; this file only carries the decisions out.
 */
import {
  apiError,
  attemptsText,
  type NotFoundHint,
  networkError,
  responseError,
  seconds,
  type UltravoxRequestError,
} from "./api-errors";
import { cancellableWait, throwIfCancelled } from "./cancellation";
import { processRateLimiter, type RateLimit, TokenBucket } from "./rate-limiter";
import type { Redactor } from "./redaction";
import {
  decideRetry,
  parseRetryAfterMs,
  postMayHaveActed,
  type RetryDecision,
  type RetryPolicy,
  type TryOutcome,
} from "./retry-policy";
import { classifyNetworkError, type NetworkFailure, sendOnce, type TransportAnswer } from "./transport";

export interface RetryInfo {
  method: string;
  path: string;
  /** Number of the try that just failed (1 = the first try). */
  attempt: number;
  delayMs: number;
  reason: string;
  /** False for a "slow down" answer, which waits within the time budget and does not use up a try. */
  countsAsAttempt: boolean;
  /** Tries so far that count against `maxAttempts`, this one included when it counts. */
  countedAttempts: number;
}

export interface RequestLoopOptions {
  apiKey: string;
  timeoutMs: number;
  maxResponseBytes: number;
  policy: RetryPolicy;
  redactor: Redactor;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** Requests per second for this client alone; default: the limit shared by the whole process. */
  rateLimit?: RateLimit;
  /** What a 404 means for a path, said in the error. */
  notFoundHint?: NotFoundHint;
}

/** A 2xx answer with what the caller needs to raise a typed error about its body. */
export interface Success {
  answer: TransportAnswer;
  attempts: number;
  sentAtMs: number;
}

function displayPath(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/** What a Cancel during the wait before retrying left undone, and what the last try did. */
function cancelledRetryText(method: string, path: string, reason: string, idempotent: boolean): string {
  const earlier = idempotent
    ? ""
    : " The earlier try was refused or never reached the service, so nothing was done.";
  return `Cancelled (Ctrl-C) while waiting to retry ${method} ${path} after ${reason}: not sent again.${earlier}`;
}

export class RequestLoop {
  /** Undefined: a real timer, cleared on Cancel. */
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;
  private readonly random: () => number;
  private readonly limiter: TokenBucket;
  /** Server clock minus local clock, from the latest `Date` header (1 s resolution). */
  clockOffsetMs: number | undefined;

  constructor(private readonly options: RequestLoopOptions) {
    this.sleep = options.sleep;
    this.random = options.random ?? Math.random;
    this.limiter = options.rateLimit ? new TokenBucket(options.rateLimit) : processRateLimiter;
  }

  /**
   * Send with retries; resolves with a 2xx answer or throws a typed UltravoxRequestError. A request
   * that is not `idempotent` (default: POST) is repeated only when the service surely did not act.
   */
  async send(
    method: string,
    url: URL,
    body?: Record<string, unknown>,
    idempotent = this.options.policy.retryMethods.includes(method),
  ): Promise<Success> {
    const { policy, redactor } = this.options;
    const path = displayPath(url);
    // Serialized once: a call list can be megabytes, and every retry sends the same bytes.
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let spentMs = 0;
    let countedAttempts = 0; // tries that count against maxAttempts (429s count against the budget only)
    let sentAtMs: number | undefined;
    let notSent = `Cancelled (Ctrl-C): ${method} ${path} was not sent.`;
    for (let attempt = 1; ; attempt++) {
      // After the engine's Cancel no try starts, first or retry; one already sent is awaited below.
      throwIfCancelled(notSent);
      // Time queued behind the process-wide rate bound counts against the budget like any wait.
      const started = performance.now();
      await this.limiter.take();
      throwIfCancelled(notSent);
      sentAtMs ??= Date.now();
      let answer: TransportAnswer | undefined;
      let failure: NetworkFailure | undefined;
      try {
        answer = await sendOnce(method, url, payload, {
          apiKey: this.options.apiKey,
          timeoutMs: this.options.timeoutMs,
          maxResponseBytes: this.options.maxResponseBytes,
        });
        if (answer.serverDateMs !== undefined) this.clockOffsetMs = answer.serverDateMs - Date.now();
      } catch (err) {
        failure = classifyNetworkError(err, this.options.timeoutMs);
      }
      spentMs += performance.now() - started;
      const success = answer !== undefined && answer.status >= 200 && answer.status < 300;
      if (success && !answer?.tooLarge)
        return { answer: answer as TransportAnswer, attempts: attempt, sentAtMs };

      const outcome: TryOutcome = success
        ? { kind: "unusable-success" }
        : answer !== undefined
          ? {
              kind: "status",
              status: answer.status,
              retryAfterMs: parseRetryAfterMs(answer.headers.get("retry-after"), new Date()),
            }
          : { kind: "network", code: failure?.code };
      const decision = decideRetry(policy, {
        method,
        idempotent,
        outcome,
        attempt,
        countedAttempts,
        spentMs,
        random: this.random,
      });
      if (!decision.retry) {
        const details = {
          method,
          path,
          attempts: attempt,
          mayHaveActed: !idempotent && postMayHaveActed(policy, outcome),
          sentAtMs,
        };
        const note = this.giveUpNote(decision, outcome, attempt, spentMs);
        if (answer === undefined) {
          const ambiguous = postMayHaveActed(policy, outcome);
          throw networkError(redactor, { ...(failure as NetworkFailure), ambiguous }, details, note);
        }
        if (answer.tooLarge) {
          const limit = `${Math.round(this.options.maxResponseBytes / 1024 / 1024)} MB`;
          throw responseError(
            redactor,
            answer.status,
            `${answer.status}, larger than ${limit}; not read`,
            details,
          );
        }
        throw apiError(redactor, answer, details, note, this.options.notFoundHint);
      }
      if (decision.countsAsAttempt) countedAttempts++;
      const reason =
        answer !== undefined
          ? `${answer.status} ${answer.statusText}`
          : `${failure?.code ?? "network error"}`;
      this.options.onRetry?.({
        countsAsAttempt: decision.countsAsAttempt,
        countedAttempts,
        method,
        path,
        attempt,
        delayMs: decision.delayMs,
        reason: redactor.line(reason, 200),
      });
      notSent = cancelledRetryText(method, path, redactor.line(reason, 200), idempotent);
      await cancellableWait(decision.delayMs, notSent, this.sleep);
      spentMs += decision.delayMs;
    }
  }

  private giveUpNote(
    decision: Exclude<RetryDecision, { retry: true }>,
    outcome: TryOutcome,
    attempt: number,
    spentMs: number,
  ): string | undefined {
    const { policy } = this.options;
    const tally = `gave up after ${attemptsText(attempt)} over ${seconds(spentMs)}`;
    const retryAfterMs = outcome.kind === "status" ? outcome.retryAfterMs : undefined;
    switch (decision.reason) {
      case "not-retryable":
        return attempt > 1 ? tally : undefined;
      case "attempts":
        return tally;
      case "retry-after-too-long":
        return `the service asked to wait ${seconds(retryAfterMs ?? 0)} (Retry-After), longer than the retry budget of ${seconds(
          Math.min(policy.maxRetryAfterMs, policy.budgetMs),
        )} allows; ${tally}`;
      case "budget":
        return retryAfterMs !== undefined
          ? `waiting the ${seconds(retryAfterMs)} the service asked for (Retry-After) would pass the retry budget of ${seconds(
              policy.budgetMs,
            )}; ${tally}`
          : `the next wait would pass the retry budget of ${seconds(policy.budgetMs)}; ${tally}`;
    }
  }

  /** An error about a 2xx body the caller could not use. */
  unusable(
    method: string,
    url: URL,
    success: Success,
    what: string,
    createdId?: string,
  ): UltravoxRequestError {
    const details = {
      method,
      path: displayPath(url),
      attempts: success.attempts,
      mayHaveActed: method === "POST",
      sentAtMs: success.sentAtMs,
      ...(createdId === undefined ? {} : { createdId }),
    };
    return responseError(this.options.redactor, success.answer.status, what, details);
  }
}
