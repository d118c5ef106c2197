/**
 * POST is not idempotent: never create a duplicate campaign, never adopt someone else's. A POST whose
 * outcome is unknown (any 5xx, a timeout, a dropped connection, an unusable 2xx) is never re-sent;
 * it is reconciled: the batch it made is found by the create token it carried (create-token.ts).
 */
import { AmbiguousCreateError } from "../errors/create-not-settled";
import { UnreadCreatedError } from "../errors/unread-created";
import { isUnknownCreateOutcome } from "../http/api-errors";
import { CancelledError, cancellableWait } from "../http/cancellation";
import { claimBatch, isClaimed } from "./claims";
import {
  type BatchResponse,
  UltravoxApiError,
  type UltravoxClient,
  UltravoxNetworkError,
  type UltravoxRequestError,
  UltravoxResponseError,
} from "./client";
import { newCreateToken, withCreateToken } from "./create-token";
import { tokensOf } from "./token-scan";

export interface SafeCreateOptions {
  /**
   * After an unknown outcome the service may still be working on the request: when no batch carries
   * our token yet, look again on a backoff schedule for up to this long. Default: the retry budget.
   */
  settleMs?: number;
  /**
   * The create token: the resource's stable one (create-token.ts), so a re-run finds what this create
   * made. Default a random one (a direct caller, a test), which no later run can find.
   */
  createToken?: string;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Causes after which the service may still be processing the request when we look for it: our
 * timeout, or a gateway that gave up waiting for it (502, 503, 504). A 500 is the service's own
 * answer: whatever it did is done.
 */
function mayStillBeInProgress(err: UltravoxRequestError): boolean {
  if (err instanceof UltravoxNetworkError) return err.code === "ETIMEDOUT";
  return err instanceof UltravoxApiError && [502, 503, 504].includes(err.status);
}

/**
 * Thrown when this create surely made `batchId` (the service's answer named it) but the batch could
 * not be read back. The caller must hand the id to the engine (ResourceInitError), never drop it.
 */
export { AmbiguousCreateError };

export class UnreadCreatedBatchError extends UnreadCreatedError {
  override readonly name = "UnreadCreatedBatchError";
  constructor(
    message: string,
    readonly agentId: string,
    readonly batchId: string,
  ) {
    super(message, "scheduled batch", batchId);
  }
}

function whatToCheck(agentId: string, stableToken: boolean): string {
  if (stableToken) {
    return (
      "Re-running `pulumi up` is safe: before posting, it lists the agent's batches, takes over the one " +
      "carrying this resource's create token if the service made it, and creates the batch only if it " +
      "does not exist. It never makes a second one."
    );
  }
  return (
    `List the batches of agent ${agentId} in the Ultravox console or with ` +
    `\`GET /api/agents/${agentId}/scheduled_batches\`, delete any duplicate, then re-run \`pulumi up\`; ` +
    "or set `adoptBatchId` to the batch that should be kept."
  );
}

/**
 * Create a batch without ever creating it twice. After an unknown outcome, adopt the batch whose
 * calls carry this create's token; otherwise throw AmbiguousCreateError explaining what to check.
 */
export async function createBatchSafely(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  options: SafeCreateOptions = {},
): Promise<BatchResponse> {
  const token = options.createToken ?? newCreateToken();
  const stableToken = options.createToken !== undefined;
  try {
    const batch = await client.createBatch(agentId, withCreateToken(body, token));
    if (!claimBatch(batch.batchId)) {
      // Backstop: never let two resources record one batch, even if the service answers oddly.
      throw new Error(
        `Creating a scheduled batch for agent ${agentId}: the service answered with batch ${batch.batchId}, ` +
          "which another resource of this run already manages; not recording it twice. List the agent's " +
          "batches, then re-run `pulumi up` (or set `adoptBatchId` to the batch this resource should own).",
      );
    }
    return batch;
  } catch (err) {
    if (!isUnknownCreateOutcome(err)) throw err;
    // The service answered 2xx and named the batch, but the rest of the body was unusable: read it.
    if (err instanceof UltravoxResponseError && err.createdId !== undefined && claimBatch(err.createdId)) {
      return readBack(client, agentId, err.createdId, err);
    }
    return reconcile(client, agentId, body, token, err, options, stableToken);
  }
}

async function readBack(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  cause: UltravoxResponseError,
): Promise<BatchResponse> {
  try {
    return await client.getBatch(agentId, batchId);
  } catch (readError) {
    const why = readError instanceof Error ? readError.message : String(readError);
    throw new UnreadCreatedBatchError(
      `Creating a scheduled batch for agent ${agentId} made batch ${batchId}, but the answer was unusable ` +
        `(${cause.message}) and reading the batch back failed (${why}). The batch is recorded in the ` +
        "state: the next `pulumi up` reads it and brings it in line with the program; it does not create another.",
      agentId,
      batchId,
    );
  }
}

async function reconcile(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  token: string,
  cause: UltravoxRequestError,
  options: SafeCreateOptions,
  stableToken: boolean,
): Promise<BatchResponse> {
  const next = whatToCheck(agentId, stableToken);
  const opening =
    `Creating a scheduled batch for agent ${agentId} may or may not have happened: ` +
    `the request failed after it may have reached the service (${cause.message}).`;

  let look = await findOwnBatch(client, agentId, body, token, opening, next);
  // A request we stopped waiting for may still be running on the service: give it time to land
  // rather than conclude from one early look that it never will.
  let settled = 0;
  if (mayStillBeInProgress(cause)) {
    const settleMs = options.settleMs ?? client.retryPolicy.budgetMs;
    for (
      let wait = 250;
      look.found === undefined && look.unchecked.length === 0 && settled + wait <= settleMs;
      wait = Math.min(wait * 2, 5_000)
    ) {
      try {
        await cancellableWait(wait, "cancelled", options.sleep);
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        throw new AmbiguousCreateError(
          `${opening} Cancelled (Ctrl-C) while waiting to look for the batch again. ${next}`,
          "scheduled batch",
          [],
          agentId,
        );
      }
      settled += wait;
      look = await findOwnBatch(client, agentId, body, token, opening, next);
    }
  }
  const { found, unchecked } = look;
  if (found !== undefined) {
    if (claimBatch(found.batchId)) return found;
    throw new AmbiguousCreateError(
      `${opening} Batch ${found.batchId} carries this create's token, but another resource of this run already manages it. ${whatToCheck(agentId, false)}`,
      "scheduled batch",
      [found.batchId],
      agentId,
    );
  }
  if (unchecked.length > 0) {
    throw new AmbiguousCreateError(
      `${opening} Reading the calls of ${unchecked.join(", ")} failed, so it is not known whether one of them is this create's batch. ${next}`,
      "scheduled batch",
      unchecked,
      agentId,
    );
  }
  const looked = settled > 0 ? ` (looked again for ${(settled / 1000).toFixed(1)} s)` : "";
  throw new AmbiguousCreateError(
    `${opening} No batch carries this create's token${looked}, so it was probably not created; it was not re-sent to avoid a duplicate. ${next}`,
    agentId,
    [],
  );
}

/**
 * Whether `batch` could be the one `body` made, judged only by what the service cannot represent
 * differently: not claimed by another resource, and as many calls as sent.
 * The token is the proof; this only spares reading the calls of batches that cannot be ours.
 */
function mayBeOurs(batch: BatchResponse, body: Record<string, unknown>): boolean {
  if (isClaimed(batch.batchId)) return false;
  return !Array.isArray(body.calls) || batch.totalCount === body.calls.length;
}

/**
 * The batch whose calls carry `token`, among those that may be ours, and the candidates whose calls
 * could not be read.
 */
async function findOwnBatch(
  client: UltravoxClient,
  agentId: string,
  body: Record<string, unknown>,
  token: string,
  opening: string,
  next: string,
): Promise<{ found?: BatchResponse; unchecked: string[] }> {
  const candidates: BatchResponse[] = [];
  try {
    for await (const batch of client.listBatches(agentId)) {
      if (mayBeOurs(batch, body)) candidates.push(batch);
    }
  } catch (listError) {
    const why = listError instanceof Error ? listError.message : String(listError);
    throw new AmbiguousCreateError(
      `${opening} Looking for the batch afterwards failed too (${why}). ${next}`,
      "scheduled batch",
      [],
      agentId,
    );
  }
  const unchecked: string[] = [];
  for (const candidate of candidates) {
    try {
      if ((await tokensOf(client, agentId, candidate.batchId, { fresh: true })).has(token))
        return { found: candidate, unchecked };
    } catch {
      unchecked.push(candidate.batchId);
    }
  }
  return { unchecked };
}
