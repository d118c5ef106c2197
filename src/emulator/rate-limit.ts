// Steady per-key rate limit: a fixed one-second window (real time), like a simple DRF throttle.

export class RateLimiter {
  private windows = new Map<string, { startMs: number; count: number }>();

  constructor(private requestsPerSecond: number | null) {}

  set(requestsPerSecond: number | null): void {
    this.requestsPerSecond = requestsPerSecond;
    this.windows.clear();
  }

  get(): number | null {
    return this.requestsPerSecond;
  }

  /** Counts a request for this key; returns seconds to wait when over the limit, else null. */
  check(key: string, nowMs: number = Date.now()): number | null {
    if (this.requestsPerSecond === null) return null;
    const window = this.windows.get(key);
    if (!window || nowMs - window.startMs >= 1000) {
      this.windows.set(key, { startMs: nowMs, count: 1 });
      return this.requestsPerSecond >= 1 ? null : 1;
    }
    window.count += 1;
    if (window.count <= this.requestsPerSecond) return null;
    return Math.max(1, Math.ceil((window.startMs + 1000 - nowMs) / 1000));
  }
}
