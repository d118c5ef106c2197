/**
 * The client's error model: what failed, how often it was tried, and for a POST whether the service
 * may have acted. Messages say what to check and never carry a secret (see redaction.ts).
 */

import http from "node:http";
import { UltravoxError } from "../errors/ultravox-error";
import { describeErrorBody } from "./error-body";
import type { Redactor } from "./redaction";

interface RequestErrorDetails {
  method: string;
  path: string;
  attempts: number;
  mayHaveActed: boolean;
  sentAtMs: number | undefined;
}

/** Common ground of every error raised for one request. */
export abstract class UltravoxRequestError extends UltravoxError {
  readonly method: string;
  /** Path and query of the request (no host). */
  readonly path: string;
  /** How many tries were made before giving up. */
  readonly attempts: number;
  /**
   * True when the request was a POST that may have created something on the service (decided by
   * `postMayHaveActed`): it must be reconciled, never blindly re-sent. Always false for other methods.
   */
  override readonly mayHaveActed: boolean;
  /** Local time (epoch ms) just before the first try left, or undefined if none left. */
  readonly sentAtMs: number | undefined;

  constructor(message: string, details: RequestErrorDetails) {
    super(message);
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.mayHaveActed = details.mayHaveActed;
    this.sentAtMs = details.sentAtMs;
  }
}

/** A POST that failed after it may have created something: reconcile it, never re-send it. */
export function isUnknownCreateOutcome(err: unknown): err is UltravoxRequestError {
  return err instanceof UltravoxRequestError && err.method === "POST" && err.mayHaveActed;
}

export class UltravoxApiError extends UltravoxRequestError {
  override readonly name = "UltravoxApiError";
  readonly status: number;
  /** The service's own message (from `detail`, `error`, field errors or raw text), secrets scrubbed. */
  readonly apiMessage: string;
  /** DRF-style field error map, when the body was one (secrets scrubbed, keys included). */
  readonly fieldErrors: Record<string, unknown> | undefined;
  /** The body is the API's own `{"detail": "..."}` shape, not a proxy's page or some other server's. */
  readonly fromApi: boolean;

  constructor(
    message: string,
    details: RequestErrorDetails & {
      status: number;
      apiMessage: string;
      fieldErrors: Record<string, unknown> | undefined;
      fromApi: boolean;
    },
  ) {
    super(message, details);
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.fieldErrors = details.fieldErrors;
    this.fromApi = details.fromApi;
  }
}

export class UltravoxNetworkError extends UltravoxRequestError {
  override readonly name = "UltravoxNetworkError";
  /**
   * True when the request may have reached the server (reset or timeout after sending). False for
   * errors before connecting (connection refused, DNS).
   */
  readonly ambiguous: boolean;
  /** System error code (`ECONNRESET`, `ECONNREFUSED`, ...) or `ETIMEDOUT` for our own timeout. */
  readonly code: string | undefined;

  constructor(
    message: string,
    details: RequestErrorDetails & { ambiguous: boolean; code: string | undefined },
  ) {
    super(message, details);
    this.ambiguous = details.ambiguous;
    this.code = details.code;
  }
}

/** A success status whose body could not be used: not JSON, the wrong shape, or too large. */
export class UltravoxResponseError extends UltravoxRequestError {
  override readonly name = "UltravoxResponseError";
  readonly status: number;
  /** For a create: the id of the resource made (a batch's, a throttle's), when the body named one. */
  readonly createdId: string | undefined;

  constructor(message: string, details: RequestErrorDetails & { status: number; createdId?: string }) {
    super(message, details);
    this.status = details.status;
    this.createdId = details.createdId;
  }

  /** @deprecated The name from when batches were the only resource: use `createdId`. */
  get batchId(): string | undefined {
    return this.createdId;
  }
}

/** One HTTP answer as the transport read it. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text: string;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function attemptsText(attempts: number): string {
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}

/** What a 404 on a path means, as the endpoints' owner knows it (the resource, or a parent, is gone). */
export type NotFoundHint = (path: string) => string | undefined;

function statusHint(status: number, path: string, notFound?: NotFoundHint): string | undefined {
  if (status === 401 || status === 403) return "check ultravox:apiKey or ULTRAVOX_API_KEY";
  if (status === 404) return notFound?.(path);
  if (status === 429 || status >= 500) return "the service is overloaded or down; retry later";
  return undefined;
}

export function apiError(
  redactor: Redactor,
  answer: HttpAnswer,
  details: RequestErrorDetails,
  note: string | undefined,
  notFound?: NotFoundHint,
): UltravoxApiError {
  const described = describeErrorBody(answer.text);
  // The reason phrase is the server's text like the body: a proxy may echo the request in it.
  const statusText = redactor.line(answer.statusText || http.STATUS_CODES[answer.status] || "", 200);
  const apiMessage = redactor.line(described.apiMessage) || statusText;
  const fieldErrors = described.fieldErrors
    ? (redactor.deep(described.fieldErrors) as Record<string, unknown>)
    : undefined;
  const tail = [statusHint(answer.status, details.path, notFound), note].filter((part) => part !== undefined);
  const head = `Ultravox API ${details.method} ${details.path} failed: ${answer.status} ${statusText}`;
  const message = `${head}${apiMessage !== statusText ? `: ${apiMessage}` : ""}${
    tail.length > 0 ? ` (${tail.join("; ")})` : ""
  }`;
  return new UltravoxApiError(redactor.scrub(message), {
    ...details,
    status: answer.status,
    apiMessage,
    fieldErrors,
    fromApi: described.drfDetail,
  });
}

export function networkError(
  redactor: Redactor,
  failure: { code: string | undefined; detail: string; ambiguous: boolean; timedOut: boolean },
  details: RequestErrorDetails,
  note: string | undefined,
): UltravoxNetworkError {
  const what = failure.timedOut ? "timed out" : `network error${failure.code ? ` ${failure.code}` : ""}`;
  const tail: string[] = [];
  if (details.mayHaveActed) {
    const why =
      details.method === "POST" ? "a POST is not idempotent" : "sending it again may repeat what it did";
    tail.push(`not retried: the request may have reached the server, and ${why}`);
  }
  if (note !== undefined) tail.push(note);
  const message = `Ultravox API ${details.method} ${details.path} failed: ${what}: ${failure.detail}${
    tail.length > 0 ? ` (${tail.join("; ")})` : ""
  }`;
  return new UltravoxNetworkError(redactor.line(message, 2_000), {
    ...details,
    ambiguous: failure.ambiguous,
    code: failure.code,
  });
}

export function responseError(
  redactor: Redactor,
  status: number,
  what: string,
  details: RequestErrorDetails & { createdId?: string },
): UltravoxResponseError {
  const message = `Ultravox API ${details.method} ${details.path} returned an unexpected response body: ${what}`;
  return new UltravoxResponseError(redactor.line(message, 2_000), { ...details, status });
}
