/**
 * Settings resolution: stack config (`ultravox:*`), then environment (`ULTRAVOX_*`), then defaults.
 * The api key is never echoed in any message.
 */
import { DEFAULT_BASE_URL, normalizeBaseUrl } from "../http/base-url";
import { mergeRetryPolicy, type RetryPolicy } from "../http/retry-policy";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../http/transport";

export { DEFAULT_BASE_URL } from "../http/base-url";
export { DEFAULT_REQUEST_TIMEOUT_MS } from "../http/transport";

/** The shape of the config object Pulumi hands a dynamic provider's `configure`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface UltravoxSettings {
  apiKey: string | undefined;
  baseUrl: string;
  requestTimeoutMs: number;
  retry: RetryPolicy;
}

interface SettingKey {
  config: string;
  env: string;
}

const KEYS = {
  apiKey: { config: "ultravox:apiKey", env: "ULTRAVOX_API_KEY" },
  baseUrl: { config: "ultravox:baseUrl", env: "ULTRAVOX_BASE_URL" },
  requestTimeoutMs: { config: "ultravox:requestTimeoutMs", env: "ULTRAVOX_REQUEST_TIMEOUT_MS" },
  maxAttempts: { config: "ultravox:maxAttempts", env: "ULTRAVOX_MAX_ATTEMPTS" },
  retryBudgetMs: { config: "ultravox:retryBudgetMs", env: "ULTRAVOX_RETRY_BUDGET_MS" },
} as const satisfies Record<string, SettingKey>;

interface Found {
  value: string;
  /** Where it came from, e.g. `ultravox:baseUrl` or `ULTRAVOX_BASE_URL`, for error messages. */
  source: string;
}

function lookup(
  key: SettingKey,
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv,
): Found | undefined {
  const fromConfig = config?.get(key.config)?.trim();
  if (fromConfig) return { value: fromConfig, source: `stack config ${key.config}` };
  const fromEnv = env[key.env]?.trim();
  if (fromEnv) return { value: fromEnv, source: `environment variable ${key.env}` };
  return undefined;
}

function positiveInteger(found: Found | undefined, fallback: number, what: string): number {
  if (found === undefined) return fallback;
  if (!/^\d+$/.test(found.value) || Number(found.value) < 1 || !Number.isSafeInteger(Number(found.value))) {
    throw new Error(`Invalid ${found.source}: expected ${what} (a positive integer), got "${found.value}"`);
  }
  return Number(found.value);
}

function baseUrlFrom(found: Found | undefined): string {
  return found === undefined ? DEFAULT_BASE_URL : normalizeBaseUrl(found.value, found.source);
}

/**
 * Resolve the provider's settings. First found wins: stack config, then environment, then defaults.
 * Throws an Error naming the offending key when a number or URL is malformed.
 */
export function resolveSettings(
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): UltravoxSettings {
  const apiKey = lookup(KEYS.apiKey, config, env)?.value;
  const baseUrl = baseUrlFrom(lookup(KEYS.baseUrl, config, env));
  const requestTimeoutMs = positiveInteger(
    lookup(KEYS.requestTimeoutMs, config, env),
    DEFAULT_REQUEST_TIMEOUT_MS,
    "a request timeout in milliseconds",
  );
  const maxAttemptsFound = lookup(KEYS.maxAttempts, config, env);
  const budgetFound = lookup(KEYS.retryBudgetMs, config, env);
  const retryOverrides: Partial<RetryPolicy> = {};
  if (maxAttemptsFound)
    retryOverrides.maxAttempts = positiveInteger(maxAttemptsFound, 0, "a number of attempts");
  if (budgetFound)
    retryOverrides.budgetMs = positiveInteger(budgetFound, 0, "a retry budget in milliseconds");
  return { apiKey, baseUrl, requestTimeoutMs, retry: mergeRetryPolicy(retryOverrides) };
}
