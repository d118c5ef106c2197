/**
 * A token bucket bounding how many requests this process sends per second, whatever the number of
 * resources, clients or retries in flight. Every try (first or retry) takes one token.
 *
 * Written here rather than taken from npm: it is 40 lines, and the candidates were either unmaintained
 * for years (bottleneck) or ESM-only wrappers around a function (p-throttle), for code that sits on the
 * path of every request carrying the API key.
 */
import { setTimeout as delay } from "node:timers/promises";

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many requests may leave at once after a quiet spell. */
  burst: number;
}

/**
 * 20 requests per second with bursts of 20: a tenth of Ultravox's per-key limit (200 req/s), far above
 * what a stack of batches needs (a create or an update is one request), and low enough that a
 * misbehaving server cannot make the provider hammer it.
 */
const DEFAULT_RATE_LIMIT: RateLimit = Object.freeze({ perSecond: 20, burst: 20 });

export class TokenBucket {
  private tokens: number;
  private lastMs: number;
  /** Callers waiting, served in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new Error("rate limit: perSecond must be > 0 and burst >= 1");
    }
    this.tokens = limit.burst;
    this.lastMs = now();
  }

  /** Resolves when a request may be sent. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(
        this.limit.burst,
        this.tokens + ((now - this.lastMs) * this.limit.perSecond) / 1000,
      );
      this.lastMs = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await delay(Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond));
    }
  }
}

/** Shared by every client in the process (the provider makes a client per operation). */
export const processRateLimiter = new TokenBucket(DEFAULT_RATE_LIMIT);
