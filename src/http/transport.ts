/**
 * One HTTP try: headers, timeout, connection choice and a bound on the response size. No retries,
 * no interpretation of the status: that is request-loop.ts's job.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
// node-fetch 3 is ESM-only. Our CommonJS output `require`s it (Node >= 20.19 / 22.12 load ES modules
// through require); Node marks the namespace `__esModule` since it has a default export, so the
// `__importDefault` helper TypeScript emits hands us the real default export.
import fetch from "node-fetch";
import { isPlainObject } from "../json/plain-object";
import type { HttpAnswer } from "./api-errors";
import { parseHttpDateMs } from "./retry-policy";

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Largest response body read, counted after decompression (a small gzip body can inflate hugely). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

// Idempotent requests reuse connections. A POST always goes on a fresh connection: on a reused one,
// the server may close the socket as idle at the very moment the POST is written, and the client
// then cannot tell "never arrived" from "arrived, then the connection died", so a create that never
// reached the service would be reported as one that may or may not have happened.
const keepAliveAgents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};
const freshAgents = {
  http: new http.Agent({ keepAlive: false }),
  https: new https.Agent({ keepAlive: false }),
};

let cachedUserAgent: string | undefined;
function userAgent(): string {
  if (cachedUserAgent === undefined) {
    let version = "0.0.0";
    try {
      // src/transport.ts and dist/transport.js both sit one level below package.json.
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

export interface TransportAnswer extends HttpAnswer {
  /** The `Date` header as epoch ms, when there was a readable one. */
  serverDateMs: number | undefined;
  /** The body passed `maxResponseBytes` and was not read whole (`text` is then empty). */
  tooLarge: boolean;
}

export interface NetworkFailure {
  code: string | undefined;
  detail: string;
  timedOut: boolean;
}

export interface TryOptions {
  apiKey: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** One try: resolves with the answer (any status) or rejects with the raw network error. */
export async function sendOnce(
  method: string,
  url: URL,
  body: string | undefined,
  options: TryOptions,
): Promise<TransportAnswer> {
  const headers: Record<string, string> = {
    "X-API-Key": options.apiKey,
    Accept: "application/json",
    "User-Agent": userAgent(),
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const agents = method === "POST" ? freshAgents : keepAliveAgents;
  const response = await fetch(url.href, {
    method,
    headers,
    body,
    agent: (parsed: URL) => (parsed.protocol === "https:" ? agents.https : agents.http),
    signal: AbortSignal.timeout(options.timeoutMs),
    // Never follow a redirect: node-fetch would forward X-API-Key to wherever it points.
    redirect: "manual",
    // Counted on the decoded stream; past it node-fetch destroys the stream and rejects (`max-size`).
    size: options.maxResponseBytes,
  });
  let text = "";
  let tooLarge = false;
  try {
    text = await response.text();
  } catch (err) {
    if ((err as { type?: unknown }).type !== "max-size") throw err;
    tooLarge = true;
  }
  const date = response.headers.get("date");
  return {
    status: response.status,
    statusText: response.statusText || http.STATUS_CODES[response.status] || "",
    headers: response.headers,
    text,
    tooLarge,
    serverDateMs: date === null ? undefined : parseHttpDateMs(date),
  };
}

export function classifyNetworkError(err: unknown, timeoutMs: number): NetworkFailure {
  const name = err instanceof Error ? err.name : "";
  if (name === "AbortError" || name === "TimeoutError") {
    return { code: "ETIMEDOUT", detail: `no complete answer within ${timeoutMs} ms`, timedOut: true };
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
  return { code, detail: err instanceof Error ? err.message : String(err), timedOut: false };
}
