/**
 * Every HTTP request to the Ultravox scheduled-batch API: authentication, timeouts, retries with
 * `Retry-After` and full-jitter backoff, and typed errors whose messages never carry a secret.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
// node-fetch 3 is ESM-only. Our CommonJS output `require`s it (Node >= 20.19 / 22.12 load ES modules
// through require); Node marks the namespace `__esModule` since it has a default export, so the
// `__importDefault` helper TypeScript emits hands us the real default export.
import fetch from "node-fetch";
import type { ZodType } from "zod";
import { type BatchResponse, batchResponseSchema, pageSchema, scheduledCallSchema } from "./api-types";
import { isPlainObject } from "./canonical";
import { formatPath } from "./paths";
import { backoffDelayMs, mergeRetryPolicy, parseRetryAfterMs, type RetryPolicy } from "./retry-policy";

export { type BatchResponse, batchResponseSchema } from "./api-types";

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_BODY_IN_MESSAGE = 500;
const REDACTED = "[secret]";

/** Network errors raised before any byte could reach the server: safe to retry even for a POST. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

let cachedUserAgent: string | undefined;
function userAgent(): string {
  if (cachedUserAgent === undefined) {
    let version = "0.0.0";
    try {
      // src/client.ts and dist/client.js both sit one level below package.json.
      const pkg: unknown = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
      if (isPlainObject(pkg) && pkg.name === "pulumi-ultravox" && typeof pkg.version === "string") {
        version = pkg.version;
      }
    } catch {
      // keep the fallback version
    }
    cachedUserAgent = `pulumi-ultravox/${version}`;
  }
  return cachedUserAgent;
}

export class UltravoxApiError extends Error {
  override readonly name = "UltravoxApiError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** The service's own message (from `detail`, `error`, field errors or raw text), secrets scrubbed. */
  readonly apiMessage: string;
  /** DRF-style field error map, when the body was one (secrets scrubbed). */
  readonly fieldErrors: Record<string, unknown> | undefined;
  /** How many tries were made before giving up. */
  readonly attempts: number;

  constructor(
    message: string,
    details: {
      status: number;
      method: string;
      path: string;
      apiMessage: string;
      fieldErrors: Record<string, unknown> | undefined;
      attempts: number;
    },
  ) {
    super(message);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.apiMessage = details.apiMessage;
    this.fieldErrors = details.fieldErrors;
    this.attempts = details.attempts;
  }
}

export class UltravoxNetworkError extends Error {
  override readonly name = "UltravoxNetworkError";
  readonly method: string;
  readonly path: string;
  /**
   * True when the request may have reached the server (reset or timeout after sending): a POST may
   * have created something. False for errors before connecting (connection refused, DNS).
   */
  readonly ambiguous: boolean;
  /** System error code (`ECONNRESET`, `ECONNREFUSED`, ...) or `ETIMEDOUT` for our own timeout. */
  readonly code: string | undefined;
  readonly attempts: number;

  constructor(
    message: string,
    details: { method: string; path: string; ambiguous: boolean; code: string | undefined; attempts: number },
  ) {
    super(message);
    this.method = details.method;
    this.path = details.path;
    this.ambiguous = details.ambiguous;
    this.code = details.code;
    this.attempts = details.attempts;
  }
}

export interface RetryInfo {
  method: string;
  path: string;
  /** Number of the try that just failed (1 = the first try). */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ClientOptions {
  apiKey: string;
  baseUrl: string;
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Strings to replace with "[secret]" in every error message (the api key is always scrubbed). */
  secrets?: string[];
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

interface HttpAnswer {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text: string;
}

interface NetworkFailure {
  code: string | undefined;
  detail: string;
  ambiguous: boolean;
  timedOut: boolean;
}

function classifyNetworkError(err: unknown, timeoutMs: number): NetworkFailure {
  const name = err instanceof Error ? err.name : "";
  if (name === "AbortError" || name === "TimeoutError") {
    return {
      code: "ETIMEDOUT",
      detail: `no complete answer within ${timeoutMs} ms`,
      ambiguous: true,
      timedOut: true,
    };
  }
  let code: string | undefined;
  if (isPlainObject(err) || err instanceof Error) {
    const direct = (err as { code?: unknown }).code;
    const cause = (err as { cause?: unknown }).cause;
    const causeCode =
      isPlainObject(cause) || cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
    if (typeof direct === "string") code = direct;
    else if (typeof causeCode === "string") code = causeCode;
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { code, detail, ambiguous: code === undefined || !NOT_SENT_CODES.has(code), timedOut: false };
}

/** Flatten a DRF error structure into `path: message` strings (`calls[2].medium: ...`). */
export function flattenFieldErrors(value: unknown, path = "", out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out.push(path ? `${path}: ${String(value)}` : String(value));
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === null || typeof item !== "object") flattenFieldErrors(item, path, out);
      else flattenFieldErrors(item, `${path}[${index}]`, out);
    });
    return out;
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      let childPath: string;
      if (key === "non_field_errors") childPath = path;
      else if (/^\d+$/.test(key) && path) childPath = `${path}[${key}]`;
      else childPath = path ? `${path}.${key}` : key;
      flattenFieldErrors(child, childPath, out);
    }
  }
  return out;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_BODY_IN_MESSAGE ? `${oneLine.slice(0, MAX_BODY_IN_MESSAGE)}...` : oneLine;
}

/**
 * Read the service's message out of an error body: DRF `{"detail": ...}`, DRF field maps (nested for
 * list items), gRPC-style `{"error": {...}}`, `{"message": ...}`, or raw text.
 */
export function describeErrorBody(text: string): {
  apiMessage: string;
  fieldErrors: Record<string, unknown> | undefined;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { apiMessage: shorten(text), fieldErrors: undefined };
  }
  if (isPlainObject(parsed)) {
    if ("detail" in parsed) {
      return { apiMessage: shorten(flattenFieldErrors(parsed.detail).join("; ")), fieldErrors: undefined };
    }
    if ("error" in parsed) {
      const error = parsed.error;
      if (isPlainObject(error)) {
        const parts = [error.code, error.status, error.message, error.detail, error.details]
          .filter((part): part is string => typeof part === "string" && part !== "")
          .filter((part, index, all) => all.indexOf(part) === index);
        return {
          apiMessage: shorten(parts.length > 0 ? parts.join(": ") : JSON.stringify(error)),
          fieldErrors: undefined,
        };
      }
      return { apiMessage: shorten(flattenFieldErrors(error).join("; ")), fieldErrors: undefined };
    }
    if (typeof parsed.message === "string")
      return { apiMessage: shorten(parsed.message), fieldErrors: undefined };
    return { apiMessage: shorten(flattenFieldErrors(parsed).join("; ")), fieldErrors: parsed };
  }
  return { apiMessage: shorten(flattenFieldErrors(parsed).join("; ")), fieldErrors: undefined };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function attemptsText(attempts: number): string {
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class UltravoxClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly secrets: string[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onRetry: ((info: RetryInfo) => void) | undefined;
  private clockOffsetMs: number | undefined;

  constructor(options: ClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.origin = new URL(this.baseUrl).origin;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = mergeRetryPolicy(options.retry);
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = [options.apiKey, ...(options.secrets ?? [])]
      .filter((secret) => typeof secret === "string" && secret !== "")
      .sort((a, b) => b.length - a.length);
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry;
  }

  /**
   * Server clock minus local clock in ms, from the `Date` header of the latest answer (1 s resolution);
   * undefined until an answer carried one.
   */
  get serverClockOffsetMs(): number | undefined {
    return this.clockOffsetMs;
  }

  /** The retry policy in force (callers that wait on the service themselves stay within its budget). */
  get retryPolicy(): RetryPolicy {
    return this.policy;
  }

  async createBatch(agentId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    const answer = await this.request("POST", this.batchesUrl(agentId), body);
    return this.parse(answer, "POST", this.batchesUrl(agentId), batchResponseSchema);
  }

  async getBatch(agentId: string, batchId: string): Promise<BatchResponse> {
    const url = this.batchUrl(agentId, batchId);
    return this.parse(await this.request("GET", url), "GET", url, batchResponseSchema);
  }

  async updateBatch(agentId: string, batchId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    const url = this.batchUrl(agentId, batchId);
    return this.parse(await this.request("PATCH", url, body), "PATCH", url, batchResponseSchema);
  }

  async deleteBatch(agentId: string, batchId: string): Promise<void> {
    await this.request("DELETE", this.batchUrl(agentId, batchId));
  }

  async *listBatches(agentId: string, options: { pageSize?: number } = {}): AsyncGenerator<BatchResponse> {
    const url = this.batchesUrl(agentId);
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    yield* this.paginate(url, batchResponseSchema);
  }

  async *listScheduledCalls(
    agentId: string,
    batchId: string,
    options: { pageSize?: number; status?: string } = {},
  ): AsyncGenerator<Record<string, unknown>> {
    const url = this.batchUrl(agentId, batchId);
    url.pathname += "/scheduled_calls";
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    if (options.status !== undefined) url.searchParams.set("status", options.status);
    yield* this.paginate(url, scheduledCallSchema);
  }

  private batchesUrl(agentId: string): URL {
    return new URL(`${this.baseUrl}/api/agents/${encodeURIComponent(agentId)}/scheduled_batches`);
  }

  private batchUrl(agentId: string, batchId: string): URL {
    return new URL(
      `${this.baseUrl}/api/agents/${encodeURIComponent(agentId)}/scheduled_batches/${encodeURIComponent(batchId)}`,
    );
  }

  private async *paginate<T>(first: URL, itemSchema: ZodType<T>): AsyncGenerator<T> {
    const seen = new Set<string>();
    let url: URL | undefined = first;
    while (url !== undefined) {
      seen.add(url.href);
      const answer: HttpAnswer = await this.request("GET", url);
      const page: { results: unknown[]; next?: string | null } = this.parse(answer, "GET", url, pageSchema);
      for (const [index, item] of page.results.entries()) {
        const parsed = itemSchema.safeParse(item);
        if (!parsed.success) {
          throw this.unexpectedBody(
            "GET",
            url,
            `results[${index}]: ${parsed.error.issues.map(describeIssue).join("; ")}`,
          );
        }
        yield parsed.data;
      }
      url = page.next ? this.followNext(page.next) : undefined;
      if (url !== undefined && seen.has(url.href)) {
        throw this.unexpectedBody("GET", url, "the `next` link points back to a page already read");
      }
    }
  }

  /**
   * Resolve a `next` link. Only its path and query are used, on our own base URL's origin: the api key
   * is never sent to another host, and a proxy that rewrites the scheme does not break paging.
   */
  private followNext(next: string): URL {
    const resolved = new URL(next, `${this.baseUrl}/`);
    return new URL(`${resolved.pathname}${resolved.search}`, this.origin);
  }

  private displayPath(url: URL): string {
    return `${url.pathname}${url.search}`;
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    return out;
  }

  private scrubDeep(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((item) => this.scrubDeep(item));
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.scrubDeep(child)]));
    }
    return value;
  }

  private unexpectedBody(method: string, url: URL, what: string): Error {
    return new Error(
      this.scrub(
        `Ultravox API ${method} ${this.displayPath(url)} returned an unexpected response body: ${what}`,
      ),
    );
  }

  private parse<T>(answer: HttpAnswer, method: string, url: URL, schema: ZodType<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw this.unexpectedBody(method, url, `not JSON (${answer.status}, ${answer.text.length} bytes)`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw this.unexpectedBody(method, url, parsed.error.issues.map(describeIssue).join("; "));
    }
    return parsed.data;
  }

  /** One try: resolves with the full answer (any status) or rejects with the raw network error. */
  private async once(method: string, url: URL, body: string | undefined): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      "X-API-Key": this.apiKey,
      Accept: "application/json",
      "User-Agent": userAgent(),
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url.href, {
      method,
      headers,
      body,
      agent: (parsed: URL) => (parsed.protocol === "https:" ? httpsAgent : httpAgent),
      signal: AbortSignal.timeout(this.timeoutMs),
      // Never follow a redirect: node-fetch would forward X-API-Key to wherever it points.
      redirect: "manual",
    });
    const text = await response.text();
    const date = response.headers.get("date");
    if (date !== null) {
      const serverMs = Date.parse(date);
      if (!Number.isNaN(serverMs)) this.clockOffsetMs = serverMs - Date.now();
    }
    return {
      status: response.status,
      statusText: response.statusText || http.STATUS_CODES[response.status] || "",
      headers: response.headers,
      text,
    };
  }

  /** Send with retries; resolves with a 2xx answer or throws UltravoxApiError / UltravoxNetworkError. */
  private async request(method: string, url: URL, body?: Record<string, unknown>): Promise<HttpAnswer> {
    const policy = this.policy;
    const path = this.displayPath(url);
    const idempotent = policy.retryMethods.includes(method);
    const retryStatuses = idempotent ? policy.retryStatuses : policy.postRetryStatuses;
    // Serialized once: a call list can be megabytes, and every retry sends the same bytes.
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let spentMs = 0;
    let countedAttempts = 0; // tries that count against maxAttempts (429s count against the budget only)
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let answer: HttpAnswer | undefined;
      let failure: NetworkFailure | undefined;
      try {
        answer = await this.once(method, url, payload);
      } catch (err) {
        failure = classifyNetworkError(err, this.timeoutMs);
      }
      spentMs += performance.now() - started;
      if (answer !== undefined && answer.status >= 200 && answer.status < 300) return answer;

      const fail = (note: string | undefined): Error =>
        answer !== undefined
          ? this.apiError(method, path, answer, attempt, note)
          : this.networkError(method, path, failure as NetworkFailure, idempotent, attempt, note);
      const tally = `gave up after ${attemptsText(attempt)} over ${seconds(spentMs)}`;

      const retryable =
        answer !== undefined ? retryStatuses.includes(answer.status) : idempotent || !failure?.ambiguous;
      if (!retryable) throw fail(attempt > 1 ? tally : undefined);
      if (answer === undefined || !policy.budgetOnlyStatuses.includes(answer.status)) countedAttempts++;
      if (countedAttempts >= policy.maxAttempts) throw fail(tally);

      let delayMs: number;
      const retryAfterMs =
        answer !== undefined ? parseRetryAfterMs(answer.headers.get("retry-after"), new Date()) : undefined;
      if (retryAfterMs !== undefined) {
        if (retryAfterMs > policy.maxRetryAfterMs) {
          throw fail(
            `the service asked to wait ${seconds(retryAfterMs)} (Retry-After), longer than the retry budget of ${seconds(
              Math.min(policy.maxRetryAfterMs, policy.budgetMs),
            )} allows; ${tally}`,
          );
        }
        if (spentMs + retryAfterMs > policy.budgetMs) {
          throw fail(
            `waiting the ${seconds(retryAfterMs)} the service asked for (Retry-After) would pass the retry budget of ${seconds(
              policy.budgetMs,
            )}; ${tally}`,
          );
        }
        delayMs = retryAfterMs;
      } else {
        delayMs = backoffDelayMs(policy, attempt, this.random);
        if (spentMs + delayMs > policy.budgetMs) {
          throw fail(`the next wait would pass the retry budget of ${seconds(policy.budgetMs)}; ${tally}`);
        }
      }
      const reason =
        answer !== undefined
          ? `${answer.status} ${answer.statusText}`
          : `${failure?.code ?? "network error"}`;
      this.onRetry?.({ method, path, attempt, delayMs, reason: this.scrub(reason) });
      await this.sleep(delayMs);
      spentMs += delayMs;
    }
  }

  private apiError(
    method: string,
    path: string,
    answer: HttpAnswer,
    attempts: number,
    note: string | undefined,
  ): UltravoxApiError {
    const described = describeErrorBody(answer.text);
    const apiMessage = this.scrub(described.apiMessage || answer.statusText);
    const fieldErrors = described.fieldErrors
      ? (this.scrubDeep(described.fieldErrors) as Record<string, unknown>)
      : undefined;
    const status = answer.status;
    let hint: string | undefined;
    if (status === 401 || status === 403) {
      hint = "check ultravox:apiKey or ULTRAVOX_API_KEY";
    } else if (status === 404) {
      hint = /\/scheduled_batches\/[^/?]+/.test(path)
        ? "the batch no longer exists; run `pulumi refresh`"
        : "the agent does not exist or this API key cannot see it; check agentId";
    } else if (status === 429 || status >= 500) {
      hint = "the service is overloaded or down; retry later";
    }
    const tail = [hint, note].filter((part): part is string => part !== undefined);
    const head = `Ultravox API ${method} ${path} failed: ${status} ${answer.statusText}`;
    const message = `${head}${apiMessage && apiMessage !== answer.statusText ? `: ${apiMessage}` : ""}${
      tail.length > 0 ? ` (${tail.join("; ")})` : ""
    }`;
    return new UltravoxApiError(this.scrub(message), {
      status,
      method,
      path,
      apiMessage,
      fieldErrors,
      attempts,
    });
  }

  private networkError(
    method: string,
    path: string,
    failure: NetworkFailure,
    idempotent: boolean,
    attempts: number,
    note: string | undefined,
  ): UltravoxNetworkError {
    const what = failure.timedOut ? "timed out" : `network error${failure.code ? ` ${failure.code}` : ""}`;
    const tail: string[] = [];
    if (!idempotent && failure.ambiguous) {
      tail.push("not retried: the request may have reached the server, and a POST is not idempotent");
    }
    if (note !== undefined) tail.push(note);
    const message = `Ultravox API ${method} ${path} failed: ${what}: ${failure.detail}${
      tail.length > 0 ? ` (${tail.join("; ")})` : ""
    }`;
    return new UltravoxNetworkError(this.scrub(message), {
      method,
      path,
      ambiguous: failure.ambiguous,
      code: failure.code,
      attempts,
    });
  }
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  return `${formatPath(issue.path) || "(body)"}: ${issue.message}`;
}
