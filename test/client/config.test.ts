import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs } from "../../src/http/retry-policy";
import { type ConfigSource, resolveSettings } from "../../src/resource/config";
import { API_KEY } from "./scripted-server";

function config(values: Record<string, string>): ConfigSource {
  return { get: (key) => values[key] };
}

describe("resolveSettings", () => {
  it("uses defaults when nothing is set", () => {
    const settings = resolveSettings(undefined, {});
    expect(settings).toEqual({
      apiKey: undefined,
      baseUrl: "https://api.ultravox.ai",
      requestTimeoutMs: 30_000,
      retry: DEFAULT_RETRY_POLICY,
    });
  });

  it("prefers stack config over environment over defaults", () => {
    const env = {
      ULTRAVOX_API_KEY: "env-key",
      ULTRAVOX_BASE_URL: "https://env.example:8080/prefix/",
      ULTRAVOX_REQUEST_TIMEOUT_MS: "1000",
      ULTRAVOX_MAX_ATTEMPTS: "2",
      ULTRAVOX_RETRY_BUDGET_MS: "5000",
    };
    const fromEnv = resolveSettings(config({}), env);
    expect(fromEnv.apiKey).toBe("env-key");
    expect(fromEnv.baseUrl).toBe("https://env.example:8080/prefix");
    expect(fromEnv.requestTimeoutMs).toBe(1000);
    expect(fromEnv.retry.maxAttempts).toBe(2);
    expect(fromEnv.retry.budgetMs).toBe(5000);
    expect(fromEnv.retry.maxRetryAfterMs).toBe(5000);

    const fromConfig = resolveSettings(
      config({
        "ultravox:apiKey": "config-key",
        "ultravox:baseUrl": "http://127.0.0.1:9999//",
        "ultravox:requestTimeoutMs": "2500",
        "ultravox:maxAttempts": "7",
        "ultravox:retryBudgetMs": "9000",
      }),
      env,
    );
    expect(fromConfig).toMatchObject({
      apiKey: "config-key",
      baseUrl: "http://127.0.0.1:9999",
      requestTimeoutMs: 2500,
      retry: { maxAttempts: 7, budgetMs: 9000, maxRetryAfterMs: 9000, baseDelayMs: 250 },
    });
  });

  it("mixes sources per key and ignores blank values", () => {
    const settings = resolveSettings(config({ "ultravox:apiKey": "  ", "ultravox:maxAttempts": "3" }), {
      ULTRAVOX_API_KEY: "env-key",
    });
    expect(settings.apiKey).toBe("env-key");
    expect(settings.retry.maxAttempts).toBe(3);
    expect(settings.baseUrl).toBe("https://api.ultravox.ai");
  });

  it("reads process.env by default", () => {
    const saved = process.env.ULTRAVOX_REQUEST_TIMEOUT_MS;
    process.env.ULTRAVOX_REQUEST_TIMEOUT_MS = "1234";
    try {
      expect(resolveSettings(undefined).requestTimeoutMs).toBe(1234);
    } finally {
      if (saved === undefined) delete process.env.ULTRAVOX_REQUEST_TIMEOUT_MS;
      else process.env.ULTRAVOX_REQUEST_TIMEOUT_MS = saved;
    }
  });

  it.each([
    ["ultravox:requestTimeoutMs", "abc"],
    ["ultravox:requestTimeoutMs", "0"],
    ["ultravox:maxAttempts", "2.5"],
    ["ultravox:maxAttempts", "-1"],
    ["ultravox:retryBudgetMs", "1e3"],
  ])("rejects %s = %s naming the key", (key, value) => {
    expect(() => resolveSettings(config({ [key]: value, "ultravox:apiKey": API_KEY }), {})).toThrow(
      new RegExp(`stack config ${key}`),
    );
  });

  it("names the environment variable when the bad number came from there", () => {
    expect(() => resolveSettings(undefined, { ULTRAVOX_MAX_ATTEMPTS: "many" })).toThrow(
      /environment variable ULTRAVOX_MAX_ATTEMPTS/,
    );
  });

  it("rejects a base URL that is not http(s) without echoing the api key", () => {
    let message = "";
    try {
      resolveSettings(config({ "ultravox:baseUrl": "ftp://x", "ultravox:apiKey": API_KEY }), {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("ultravox:baseUrl");
    expect(message).not.toContain(API_KEY);
  });
});

describe("retry policy math", () => {
  it("full-jitter backoff doubles and caps", () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(DEFAULT_RETRY_POLICY, n, half))).toEqual([
      125, 250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(0);
  });

  it("parses Retry-After seconds and HTTP dates", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(parseRetryAfterMs("3", now)).toBe(3000);
    expect(parseRetryAfterMs(" 0.5 ", now)).toBe(500);
    expect(parseRetryAfterMs("Tue, 01 Jan 2030 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfterMs("Mon, 31 Dec 2029 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs("-5", now)).toBeUndefined();
  });
});
