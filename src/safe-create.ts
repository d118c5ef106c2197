/**
 * POST is not idempotent: never create a duplicate campaign. When a create fails ambiguously (timeout
 * or reset after the body was sent) the batch may exist; find it by listing instead of posting again.
 */
import { isPlainObject } from "./canonical";
import { type BatchResponse, UltravoxApiError, type UltravoxClient, UltravoxNetworkError } from "./client";

export interface SafeCreateOptions {
  /** Slack added to the clock-skew estimate when deciding a batch is too old to be ours. Default 5 s. */
  toleranceMs?: number;
  /** Tolerance used instead when the service sent no `Date` header (skew unknown). Default 5 min. */
  unknownSkewToleranceMs?: number;
  /**
   * After a timeout or a gateway error (502/504) the service may still be working on the request:
   * when no batch matches yet, look again on a backoff schedule for up to this long before concluding.
   * Default: the client's retry budget.
   */
  settleMs?: number;
  /** Local clock, for tests. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_SAFE_CREATE_TOLERANCE_MS = 5_000;
export const DEFAULT_UNKNOWN_SKEW_TOLERANCE_MS = 300_000;

/**
 * Error answers to a POST that do not prove the service did nothing: a gateway may answer 502/504
 * after the origin acted, and a 500 may come after the batch was stored. (429 and 503 do prove it,
 * and the client retries those itself.)
 */
const AMBIGUOUS_POST_STATUSES: ReadonlySet<number> = new Set([500, 502, 504]);

function isAmbiguous(err: unknown): err is UltravoxNetworkError | UltravoxApiError {
  if (err instanceof UltravoxNetworkError) return err.ambiguous;
  return err instanceof UltravoxApiError && AMBIGUOUS_POST_STATUSES.has(err.status);
}

/** Causes after which the service may still be processing the request when we look for it. */
function mayStillBeInProgress(err: UltravoxNetworkError | UltravoxApiError): boolean {
  if (err instanceof UltravoxNetworkError) return err.code === "ETIMEDOUT";
  return err.status === 502 || err.status === 504;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown when a create may or may not have happened and no single batch can be adopted with certainty. */
export class AmbiguousCreateError extends Error {
  override readonly name = "AmbiguousCreateError";
  readonly agentId: string;
  readonly candidateBatchIds: readonly string[];

  constructor(message: string, agentId: string, candidateBatchIds: readonly string[]) {
    super(message);
    this.agentId = agentId;
    this.candidateBatchIds = candidateBatchIds;
  }
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function sameInstant(requested: unknown, actual: string | null | undefined): boolean {
  const wanted = optionalString(requested);
  // The service may fill in a default window when none was sent; any value is then acceptable.
  if (wanted === null) return true;
  if (actual === null || actual === undefined) return false;
  const a = Date.parse(wanted);
  const b = Date.parse(actual);
  return !Number.isNaN(a) && a === b;
}

/** Deep equality, key-order-insensitive; null, undefined and `{}` count as "nothing". */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === null || v === undefined || (isPlainObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // The service may redact passwords it echoes back; do not let that defeat the match.
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key !== "password"));
    for (const key of keys) if (!sameValue(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

function sameCall(requested: unknown, actual: Record<string, unknown>): boolean {
  if (!isPlainObject(requested)) return false;
  return (["medium", "metadata", "templateContext"] as const).every((key) =>
    sameValue(requested[key], actual[key]),
  );
}

function matchesRequest(batch: BatchResponse, body: Record<string, unknown>, notBeforeMs: number): boolean {
  const calls = Array.isArray(body.calls) ? body.calls : [];
  if (batch.totalCount !== calls.length) return false;
  if (!sameInstant(body.windowStart, batch.windowStart)) return false;
  if (!sameInstant(body.windowEnd, batch.windowEnd)) return false;
  if ((body.paused === true) !== (batch.paused === true)) return false;
  if (optionalString(body.webhookUrl) !== optionalString(batch.webhookUrl)) return false;
  if (optionalString(body.throttle) !== optionalString(batch.throttle)) return false;
  const secret = optionalString(body.webhookSecret);
  if (secret !== null && secret !== optionalString(batch.webhookSecret)) return false;
  const created = Date.parse(batch.created);
  return !Number.isNaN(created) && created >= notBeforeMs;
}

function whatToCheck(agentId: string): string {
  return (
    `List the batches of agent ${agentId} in the Ultravox console or with ` +
    `\`GET /api/agents/${agentId}/scheduled_batches\`, delete any duplicate, then re-run \`pulumi up\`; ` +
    "or set `adoptBatchId` to the batch that should be kept."
  );
}

/**
 * Create a batch without ever creating it twice. On an ambiguous network failure, adopt the batch the
 * service created if exactly one matches the request with certainty; otherwise throw
 * AmbiguousCreateError explaining what to check.
 */
export async function createBatchSafely(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  options: SafeCreateOptions = {},
): Promise<BatchResponse> {
  const now = options.now ?? (() => new Date());
  const startedAtMs = now().getTime();
  try {
    return await client.createBatch(agentId, body);
  } catch (err) {
    if (!isAmbiguous(err)) throw err;
    return adoptAfterAmbiguousCreate(client, agentId, body, startedAtMs, err, options);
  }
}

async function adoptAfterAmbiguousCreate(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  startedAtMs: number,
  cause: UltravoxNetworkError | UltravoxApiError,
  options: SafeCreateOptions,
): Promise<BatchResponse> {
  const opening =
    `Creating a scheduled batch for agent ${agentId} may or may not have happened: ` +
    `the request failed after it may have reached the service (${cause.message}).`;

  const findCandidates = async (): Promise<BatchResponse[]> => {
    const batches: BatchResponse[] = [];
    try {
      for await (const batch of client.listBatches(agentId)) batches.push(batch);
    } catch (listError) {
      const why = listError instanceof Error ? listError.message : String(listError);
      throw new AmbiguousCreateError(
        `${opening} Looking for the batch afterwards failed too (${why}). ${whatToCheck(agentId)}`,
        agentId,
        [],
      );
    }
    // The service stamps `created` with its own clock: move our start onto that clock, minus slack.
    const offset = client.serverClockOffsetMs;
    const tolerance =
      offset === undefined
        ? (options.unknownSkewToleranceMs ?? DEFAULT_UNKNOWN_SKEW_TOLERANCE_MS)
        : (options.toleranceMs ?? DEFAULT_SAFE_CREATE_TOLERANCE_MS);
    const notBeforeMs = startedAtMs + (offset ?? 0) - tolerance;
    return batches.filter((batch) => matchesRequest(batch, body, notBeforeMs));
  };

  let candidates = await findCandidates();
  // A request we stopped waiting for may still be running on the service: give it time to land
  // rather than conclude from one early look that it never will.
  let settled = 0;
  if (candidates.length === 0 && mayStillBeInProgress(cause)) {
    const settleMs = options.settleMs ?? client.retryPolicy.budgetMs;
    const sleep = options.sleep ?? defaultSleep;
    for (
      let wait = 250;
      candidates.length === 0 && settled + wait <= settleMs;
      wait = Math.min(wait * 2, 5_000)
    ) {
      await sleep(wait);
      settled += wait;
      candidates = await findCandidates();
    }
  }
  const ids = candidates.map((batch) => batch.batchId);

  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) {
    const firstRequested = Array.isArray(body.calls) ? body.calls : [];
    let firstCall: Record<string, unknown> | undefined;
    try {
      for await (const call of client.listScheduledCalls(agentId, only.batchId, { pageSize: 1 })) {
        firstCall = call;
        break;
      }
    } catch (callsError) {
      const why = callsError instanceof Error ? callsError.message : String(callsError);
      throw new AmbiguousCreateError(
        `${opening} Batch ${only.batchId} looks like it, but reading its calls to confirm failed (${why}). ${whatToCheck(agentId)}`,
        agentId,
        ids,
      );
    }
    // Call order in the listing is not documented: accept the first call matching any requested call.
    if (firstCall !== undefined && firstRequested.some((requested) => sameCall(requested, firstCall))) {
      return only;
    }
    throw new AmbiguousCreateError(
      `${opening} Batch ${only.batchId} has the same settings, but its calls do not match the request, so it was not adopted. ${whatToCheck(agentId)}`,
      agentId,
      ids,
    );
  }
  const found =
    candidates.length === 0
      ? `No existing batch matches the request${
          settled > 0 ? ` (looked again for ${(settled / 1000).toFixed(1)} s)` : ""
        }, so it was probably not created; it was not re-sent to avoid a duplicate.`
      : `Several batches match the request: ${ids.join(", ")}.`;
  throw new AmbiguousCreateError(`${opening} ${found} ${whatToCheck(agentId)}`, agentId, ids);
}
