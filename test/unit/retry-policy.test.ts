import { describe, expect, it } from "vitest";
import { decideRetry, DEFAULT_RETRY_POLICY as P, postMayHaveActed } from "../../src/http/retry-policy";

/** The retry decision is a pure function of the policy data and what was observed. */

const base = { attempt: 1, countedAttempts: 0, spentMs: 0, random: () => 0.5 };

describe("postMayHaveActed: the one rule for 'a POST may have created something'", () => {
  it("refusals (4xx, 429) and not-sent network errors: no; any 5xx, resets, timeouts, unusable 2xx: yes", () => {
    const status = (s: number) => postMayHaveActed(P, { kind: "status", status: s, retryAfterMs: undefined });
    expect([400, 401, 404, 409, 429].map(status)).toEqual([false, false, false, false, false]);
    expect([500, 501, 502, 503, 504].map(status)).toEqual([true, true, true, true, true]);
    expect(postMayHaveActed(P, { kind: "network", code: "ECONNREFUSED" })).toBe(false);
    expect(postMayHaveActed(P, { kind: "network", code: "ECONNRESET" })).toBe(true);
    expect(postMayHaveActed(P, { kind: "network", code: "ETIMEDOUT" })).toBe(true);
    expect(postMayHaveActed(P, { kind: "network", code: undefined })).toBe(true);
    expect(postMayHaveActed(P, { kind: "unusable-success" })).toBe(true);
  });
});

describe("decideRetry", () => {
  it("Retry-After: 0 still waits the 250 ms floor", () => {
    const outcome = { kind: "status", status: 429, retryAfterMs: 0 } as const;
    expect(decideRetry(P, { ...base, method: "GET", outcome })).toEqual({
      retry: true,
      delayMs: 250,
      countsAsAttempt: false,
    });
  });

  it("a POST is retried only when the service surely did not act", () => {
    const post = (outcome: Parameters<typeof postMayHaveActed>[1]) =>
      decideRetry(P, { ...base, method: "POST", outcome }).retry;
    expect(post({ kind: "status", status: 429, retryAfterMs: undefined })).toBe(true);
    expect(post({ kind: "network", code: "ECONNREFUSED" })).toBe(true);
    expect(post({ kind: "status", status: 503, retryAfterMs: undefined })).toBe(false);
    expect(post({ kind: "status", status: 502, retryAfterMs: undefined })).toBe(false);
    expect(post({ kind: "network", code: "ECONNRESET" })).toBe(false);
    expect(post({ kind: "unusable-success" })).toBe(false);
  });

  it("a request marked not idempotent (a PATCH carrying calls) is retried like a POST", () => {
    const once = (outcome: Parameters<typeof postMayHaveActed>[1]) =>
      decideRetry(P, { ...base, method: "PATCH", idempotent: false, outcome }).retry;
    expect(once({ kind: "status", status: 429, retryAfterMs: undefined })).toBe(true);
    expect(once({ kind: "network", code: "ECONNREFUSED" })).toBe(true);
    expect(once({ kind: "status", status: 503, retryAfterMs: undefined })).toBe(false);
    expect(once({ kind: "network", code: "ETIMEDOUT" })).toBe(false);
    expect(
      decideRetry(P, { ...base, method: "PATCH", outcome: { kind: "network", code: "ETIMEDOUT" } }).retry,
    ).toBe(true);
  });

  it("stops at maxAttempts, at the budget, and at a Retry-After past maxRetryAfterMs", () => {
    const busy = { kind: "status", status: 503, retryAfterMs: undefined } as const;
    expect(decideRetry(P, { ...base, method: "GET", outcome: busy, countedAttempts: 4 })).toEqual({
      retry: false,
      reason: "attempts",
    });
    expect(decideRetry(P, { ...base, method: "GET", outcome: busy, spentMs: 59_900 })).toEqual({
      retry: false,
      reason: "budget",
    });
    const long = { kind: "status", status: 429, retryAfterMs: 120_000 } as const;
    expect(decideRetry(P, { ...base, method: "GET", outcome: long })).toEqual({
      retry: false,
      reason: "retry-after-too-long",
    });
  });
});
