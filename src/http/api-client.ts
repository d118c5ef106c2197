/**
 * The Ultravox API as requests: base URL, rate limit, retries and typed errors (request-loop.ts),
 * redaction, answers checked against a schema, listings followed page by page. Resource clients
 * (batch/client.ts, throttle/client.ts) map their endpoints onto it.
 */
import type { ZodType } from "zod";
import { z } from "zod";
import { formatPath } from "../json/paths";
import { isPlainObject } from "../json/plain-object";
import type { NotFoundHint } from "./api-errors";
import { parseBaseUrl } from "./base-url";
import { apiUrl, checkPathId, nextPageUrl, type PathSegment } from "./endpoint-urls";
import type { RateLimit } from "./rate-limiter";
import { Redactor } from "./redaction";
import { RequestLoop, type RetryInfo, type Success } from "./request-loop";
import { mergeRetryPolicy, type RetryPolicy } from "./retry-policy";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from "./transport";

export interface ClientOptions {
  apiKey: string;
  /** https, or http to a loopback address only; a path prefix is kept. */
  baseUrl: string;
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Strings to replace with "[secret]" in every error message (the api key is always scrubbed). */
  secrets?: string[];
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** Largest response body read (decoded). Default 10 MB. */
  maxResponseBytes?: number;
  /** This client's own request-rate bound; default: the one bound shared by the whole process. */
  rateLimit?: RateLimit;
  /** Most pages one listing reads before it fails (a service handing out endless cursors). Default 10,000. */
  maxPages?: number;
}

const DEFAULT_MAX_PAGES = 10_000;

/** DRF cursor pagination envelope; only `results` is required. */
const pageSchema = z.object({
  results: z.array(z.unknown()),
  next: z.string().nullish(),
});

export class ApiClient {
  private readonly base: URL;
  private readonly policy: RetryPolicy;
  private readonly redactor: Redactor;
  private readonly loop: RequestLoop;
  private readonly maxPages: number;

  constructor(options: ClientOptions, notFoundHint?: NotFoundHint) {
    this.base = parseBaseUrl(options.baseUrl);
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.policy = mergeRetryPolicy(options.retry);
    this.redactor = new Redactor([options.apiKey, ...(options.secrets ?? [])]);
    this.loop = new RequestLoop({
      apiKey: options.apiKey,
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      policy: this.policy,
      redactor: this.redactor,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(notFoundHint ? { notFoundHint } : {}),
    });
  }

  /**
   * Server clock minus local clock in ms, from the `Date` header of the latest answer (1 s resolution);
   * undefined until an answer carried one.
   */
  get serverClockOffsetMs(): number | undefined {
    return this.loop.clockOffsetMs;
  }

  /** The retry policy in force (callers that wait on the service themselves stay within its budget). */
  get retryPolicy(): RetryPolicy {
    return this.policy;
  }

  /** The URL of `segments` under the base URL, each id checked. */
  url(segments: readonly PathSegment[]): URL {
    return apiUrl(this.base, segments);
  }

  /**
   * One request whose answer must match `schema`. `retryable` defaults to the policy's idempotent
   * methods; `idKey` names the id a create's unusable answer may still carry.
   */
  async request<T>(
    method: string,
    url: URL,
    schema: ZodType<T>,
    options: { body?: Record<string, unknown>; retryable?: boolean; idKey?: string } = {},
  ): Promise<T> {
    const success = await this.loop.send(method, url, options.body, options.retryable);
    return this.parse(success, method, url, schema, options.idKey);
  }

  /** One request whose answer has no body to read (DELETE). */
  async send(method: string, url: URL): Promise<void> {
    await this.loop.send(method, url);
  }

  /** Every item of a paginated listing, each checked against `itemSchema`. */
  async *paginate<T>(first: URL, itemSchema: ZodType<T>): AsyncGenerator<T> {
    const seen = new Set<string>();
    let url: URL | undefined = first;
    while (url !== undefined) {
      seen.add(url.href);
      const current: URL = url;
      const page = this.parse(await this.loop.send("GET", current), "GET", current, pageSchema);
      for (const [index, item] of page.results.entries()) {
        const parsed = itemSchema.safeParse(item);
        if (!parsed.success) {
          throw this.unexpected("GET", current, `results[${index}]: ${describeIssues(parsed.error.issues)}`);
        }
        yield parsed.data;
      }
      if (!page.next) return;
      const next = nextPageUrl(this.base, current, page.next);
      if (typeof next === "string") throw this.unexpected("GET", current, next);
      if (seen.has(next.href)) {
        throw this.unexpected("GET", next, "the `next` link points back to a page already read");
      }
      if (seen.size >= this.maxPages) {
        throw this.unexpected(
          "GET",
          next,
          `the listing goes on past ${this.maxPages} pages; stopped reading it`,
        );
      }
      url = next;
    }
  }

  private unexpected(method: string, url: URL, what: string): Error {
    return new Error(
      this.redactor.line(
        `Ultravox API ${method} ${url.pathname}${url.search} returned an unexpected response body: ${what}`,
        2_000,
      ),
    );
  }

  /**
   * The answer's body, checked against `schema`. A body that is not usable throws an
   * UltravoxResponseError with `mayHaveActed` for a POST, and the id it named under `idKey` when usable.
   */
  private parse<T>(success: Success, method: string, url: URL, schema: ZodType<T>, idKey?: string): T {
    const { answer } = success;
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw this.loop.unusable(
        method,
        url,
        success,
        `not JSON (${answer.status}, ${answer.text.length} bytes)`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      let id: string | undefined;
      const named = idKey !== undefined && isPlainObject(json) ? json[idKey] : undefined;
      if (typeof named === "string") {
        try {
          id = checkPathId(idKey as string, named);
        } catch {
          id = undefined;
        }
      }
      throw this.loop.unusable(method, url, success, describeIssues(parsed.error.issues), id);
    }
    return parsed.data;
  }
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${formatPath(issue.path) || "(body)"}: ${issue.message}`).join("; ");
}
