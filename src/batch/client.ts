/**
 * The Ultravox scheduled-batch endpoints. Transport (transport.ts), the retry loop (request-loop.ts),
 * the retry decisions (retry-policy.ts), errors (api-errors.ts) and redaction (redaction.ts) live
 * beside it; this file maps endpoints to requests and bodies to types.
 */
import type { ZodType } from "zod";
import { isPlainObject } from "../fields/canonical";
import { formatPath } from "../fields/paths";
import { UltravoxApiError } from "../http/api-errors";
import { parseBaseUrl } from "../http/base-url";
import { checkPathId, endpointUrl, nextPageUrl } from "../http/endpoint-urls";
import type { RateLimit } from "../http/rate-limiter";
import { Redactor } from "../http/redaction";
import { RequestLoop, type RetryInfo, type Success } from "../http/request-loop";
import { mergeRetryPolicy, type RetryPolicy } from "../http/retry-policy";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from "../http/transport";
import { type BatchResponse, batchResponseSchema, pageSchema, scheduledCallSchema } from "./api-types";

export {
  UltravoxApiError,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "../http/api-errors";
export { InvalidIdError } from "../http/endpoint-urls";
export type { RetryInfo } from "../http/request-loop";
export type { BatchResponse } from "./api-types";

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

/** Why a 404 on a batch does not prove the batch is gone. */
export class BatchNotFoundUnprovenError extends Error {
  override readonly name = "BatchNotFoundUnprovenError";
}

export class UltravoxClient {
  private readonly base: URL;
  private readonly policy: RetryPolicy;
  private readonly redactor: Redactor;
  private readonly loop: RequestLoop;
  private readonly maxPages: number;

  constructor(options: ClientOptions) {
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

  /**
   * Create a batch. A 2xx whose body cannot be used throws an UltravoxResponseError with
   * `mayHaveActed` (the batch was probably created) and `batchId` when the body named a usable one.
   */
  async createBatch(agentId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    const url = endpointUrl(this.base, agentId);
    const success = await this.loop.send("POST", url, body);
    return this.parse(success, "POST", url, batchResponseSchema);
  }

  async getBatch(agentId: string, batchId: string): Promise<BatchResponse> {
    const url = endpointUrl(this.base, agentId, batchId);
    return this.parse(await this.loop.send("GET", url), "GET", url, batchResponseSchema);
  }

  /**
   * Update a batch. A PATCH carrying `calls` is sent once: if the service restarts the calls on each
   * such PATCH, a repeat would dial again the people called in between (errors say `mayHaveActed`).
   */
  async updateBatch(agentId: string, batchId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    const url = endpointUrl(this.base, agentId, batchId);
    const success = await this.loop.send("PATCH", url, body, !Object.hasOwn(body, "calls"));
    return this.parse(success, "PATCH", url, batchResponseSchema);
  }

  async deleteBatch(agentId: string, batchId: string): Promise<void> {
    await this.loop.send("DELETE", endpointUrl(this.base, agentId, batchId));
  }

  async *listBatches(agentId: string, options: { pageSize?: number } = {}): AsyncGenerator<BatchResponse> {
    const url = endpointUrl(this.base, agentId);
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    yield* this.paginate(url, batchResponseSchema);
  }

  async *listScheduledCalls(
    agentId: string,
    batchId: string,
    options: { pageSize?: number; status?: string } = {},
  ): AsyncGenerator<Record<string, unknown>> {
    const url = endpointUrl(this.base, agentId, batchId, "scheduled_calls");
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    if (options.status !== undefined) url.searchParams.set("status", options.status);
    yield* this.paginate(url, scheduledCallSchema);
  }

  /**
   * Whether `error` (raised by a request for a batch of `agentId`) proves the batch is gone.
   * False when it is no 404 at all (the caller rethrows it). A 404 proves it only when its body is the
   * API's own `{"detail": ...}` AND the agent's batch list answers under this key: a 404 from a proxy
   * or another server, a wrong base URL path, or an agent this key cannot see (another account) would
   * otherwise drop a live batch from the state or report a running campaign as deleted. In those
   * cases this throws a BatchNotFoundUnprovenError saying what to check.
   */
  async batchIsGone(agentId: string, error: unknown): Promise<boolean> {
    if (!(error instanceof UltravoxApiError) || error.status !== 404) return false;
    const unproven = (why: string) =>
      new BatchNotFoundUnprovenError(
        `${error.message}. The batch was NOT treated as gone: ${why}. The state keeps the batch; ` +
          "fix the setting and run the command again.",
      );
    if (!error.fromApi) {
      throw unproven(
        'the 404 answer is not the Ultravox API\'s (no JSON {"detail": ...} body), so it may come from a ' +
          "proxy or another server; check ultravox:baseUrl / ULTRAVOX_BASE_URL",
      );
    }
    try {
      for await (const _ of this.listBatches(agentId, { pageSize: 1 })) break;
    } catch (listError) {
      const why = listError instanceof Error ? listError.message : String(listError);
      throw unproven(
        `listing agent ${agentId}'s batches failed too (${why}), so the agent may not be visible under this ` +
          "API key; check agentId and that ultravox:apiKey / ULTRAVOX_API_KEY belongs to the agent's account",
      );
    }
    return true;
  }

  private async *paginate<T>(first: URL, itemSchema: ZodType<T>): AsyncGenerator<T> {
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

  private parse<T>(success: Success, method: string, url: URL, schema: ZodType<T>): T {
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
      let batchId: string | undefined;
      if (isPlainObject(json) && typeof json.batchId === "string") {
        try {
          batchId = checkPathId("batchId", json.batchId);
        } catch {
          batchId = undefined;
        }
      }
      throw this.loop.unusable(method, url, success, describeIssues(parsed.error.issues), batchId);
    }
    return parsed.data;
  }
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${formatPath(issue.path) || "(body)"}: ${issue.message}`).join("; ");
}
