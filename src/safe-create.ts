/**
 * POST is not idempotent: never create a duplicate campaign. When a create fails ambiguously (timeout
 * or reset after the body was sent) the batch may exist; find it by listing instead of posting again.
 */
import { setTimeout as delay } from "node:timers/promises";
import { claimBatch, isClaimed, othersSettled, trackCreate } from "./batch-claims";
import { matchesRequest, sameCall } from "./batch-match";
import {
  type BatchResponse,
  UltravoxApiError,
  type UltravoxClient,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "./client";

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

/**
 * Why these tolerances: a batch counts as ours only if the service stamped its `created` at or after
 * the moment our first POST left, moved onto the service's clock. The offset comes from the `Date`
 * header of the latest answer; that header has 1 s resolution (truncated) and is stamped before the
 * answer travels back to us, so the estimate errs on the early side, which is the safe side (it can
 * only admit an older batch, never exclude ours). What it cannot see is a `created` stamped by another
 * machine than the one writing `Date` (a fleet behind a load balancer): 5 s of slack covers ordinary
 * NTP-synchronised fleets. Without any `Date` header the skew is unknown and 5 min is used. Twins (two
 * identical resources of the same run) are told apart by claims (batch-claims.ts), not by time.
 */
export const DEFAULT_SAFE_CREATE_TOLERANCE_MS = 5_000;
export const DEFAULT_UNKNOWN_SKEW_TOLERANCE_MS = 300_000;

/** Whether the failed POST may have created a batch (decided once, by the client's retry policy). */
function isAmbiguous(err: unknown): err is UltravoxRequestError {
  return err instanceof UltravoxRequestError && err.method === "POST" && err.mayHaveActed;
}

/** Causes after which the service may still be processing the request when we look for it. */
function mayStillBeInProgress(err: UltravoxRequestError): boolean {
  if (err instanceof UltravoxNetworkError) return err.code === "ETIMEDOUT";
  return err instanceof UltravoxApiError && (err.status === 502 || err.status === 504);
}

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
    const post = client.createBatch(agentId, body).then((batch) => {
      if (!claimBatch(batch.batchId)) {
        // Backstop: never let two resources record one batch, even if the service answers oddly.
        throw new Error(
          `Creating a scheduled batch for agent ${agentId}: the service answered with batch ${batch.batchId}, ` +
            "which another resource of this run already manages; not recording it twice. List the agent's " +
            "batches, then re-run `pulumi up` (or set `adoptBatchId` to the batch this resource should own).",
        );
      }
      return batch;
    });
    return await trackCreate(agentId, post);
  } catch (err) {
    if (!isAmbiguous(err)) throw err;
    // The service answered 2xx and named the batch, but the rest of the body was unusable: read it.
    if (err instanceof UltravoxResponseError && err.batchId !== undefined && claimBatch(err.batchId)) {
      try {
        return await client.getBatch(agentId, err.batchId);
      } catch (readError) {
        const why = readError instanceof Error ? readError.message : String(readError);
        throw new AmbiguousCreateError(
          `Creating a scheduled batch for agent ${agentId} returned batch ${err.batchId} with an unusable ` +
            `answer (${err.message}), and reading that batch failed (${why}). Set \`adoptBatchId: "${err.batchId}"\` ` +
            "on the resource and run `pulumi up` to take it over; do not re-run without it, or the campaign " +
            "is created twice.",
          agentId,
          [err.batchId],
        );
      }
    }
    return adoptAfterAmbiguousCreate(client, agentId, body, err.sentAtMs ?? startedAtMs, err, options);
  }
}

async function adoptAfterAmbiguousCreate(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  startedAtMs: number,
  cause: UltravoxRequestError,
  options: SafeCreateOptions,
): Promise<BatchResponse> {
  const opening =
    `Creating a scheduled batch for agent ${agentId} may or may not have happened: ` +
    `the request failed after it may have reached the service (${cause.message}).`;

  const findCandidates = async (): Promise<BatchResponse[]> => {
    const batches: BatchResponse[] = [];
    // A twin's POST still in flight may have made the batch that matches: let it claim its own first.
    await othersSettled(agentId);
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
    // A batch in this listing may come from a twin's POST that left after the wait above and whose
    // answer is still on its way (its claim comes with the answer). Any such POST left before the
    // listing was answered, so it is in flight now: wait for it again before judging claims.
    await othersSettled(agentId);
    // The service stamps `created` with its own clock: move our start onto that clock, minus slack.
    const offset = client.serverClockOffsetMs;
    const tolerance =
      offset === undefined
        ? (options.unknownSkewToleranceMs ?? DEFAULT_UNKNOWN_SKEW_TOLERANCE_MS)
        : (options.toleranceMs ?? DEFAULT_SAFE_CREATE_TOLERANCE_MS);
    const notBeforeMs = startedAtMs + (offset ?? 0) - tolerance;
    return batches.filter((batch) => !isClaimed(batch.batchId) && matchesRequest(batch, body, notBeforeMs));
  };

  let candidates = await findCandidates();
  // A request we stopped waiting for may still be running on the service: give it time to land
  // rather than conclude from one early look that it never will.
  let settled = 0;
  if (candidates.length === 0 && mayStillBeInProgress(cause)) {
    const settleMs = options.settleMs ?? client.retryPolicy.budgetMs;
    const sleep = options.sleep ?? ((ms: number) => delay(ms));
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
      if (claimBatch(only.batchId)) return only;
      throw new AmbiguousCreateError(
        `${opening} Batch ${only.batchId} matches, but another resource of this run took it over while it was being checked. ${whatToCheck(agentId)}`,
        agentId,
        ids,
      );
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
