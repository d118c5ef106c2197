/**
 * The look before each POST: a create whose answer was lost (and whose reconciliation could not
 * settle it) leaves a batch the engine never recorded. The next `pulumi up` creates the resource
 * again, with the same create token (create-token.ts: stable per resource), so before posting it
 * lists the agent's batches and takes over the one that carries that token. If the look cannot be
 * completed, nothing is posted: a second batch would call everyone again.
 */
import { EarlierCreateLookupError } from "../errors/create-not-settled";
import { CancelledError } from "../http/cancellation";
import { claimBatch, isClaimed } from "./claims";
import { type BatchResponse, UltravoxApiError, type UltravoxClient } from "./client";
import { SCAN_PAGE_SIZE, tokensOf } from "./token-scan";

export { EarlierCreateLookupError };

const NOTHING_SENT =
  "Nothing was sent, so no batch was created by this run; re-running `pulumi up` is safe (it looks again first).";

/**
 * The batch of agent `agentId` whose calls carry `token`, claimed for this resource; undefined when
 * there is none. Batches other resources of this run own are skipped, and so is `replacing`: the
 * batch a deliberate re-dial replaces (`allowRedialOf`), which carries the same token when it was
 * kept (`retainOnDelete`). Throws EarlierCreateLookupError when the listing fails or a candidate's
 * calls cannot be read.
 */
export async function findEarlierBatch(
  client: UltravoxClient,
  agentId: string,
  token: string,
  callCount: number,
  replacing?: string,
): Promise<BatchResponse | undefined> {
  const opening = `Creating a scheduled batch for agent ${agentId}: looking first for a batch an earlier, unfinished create of this resource may have made`;
  const candidates: BatchResponse[] = [];
  try {
    // Large pages: this listing is paid on every create (a smaller cap is followed by `next`).
    for await (const batch of client.listBatches(agentId, { pageSize: SCAN_PAGE_SIZE })) {
      if (!isClaimed(batch.batchId) && batch.batchId !== replacing) candidates.push(batch);
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new EarlierCreateLookupError(
      `${opening} failed (${why}). ${NOTHING_SENT}`,
      "scheduled batch",
      [],
      agentId,
    );
  }
  // The token decides; batches of the same size are only read first, as the likelier ones.
  candidates.sort((a, b) => Number(b.totalCount === callCount) - Number(a.totalCount === callCount));
  const unchecked: string[] = [];
  for (const candidate of candidates) {
    let tokens: ReadonlySet<string>;
    try {
      tokens = await tokensOf(client, agentId, candidate.batchId);
    } catch (error) {
      if (error instanceof CancelledError) {
        throw new EarlierCreateLookupError(
          `${opening} was cancelled (${error.message}). ${NOTHING_SENT}`,
          "scheduled batch",
          [],
          agentId,
        );
      }
      // Deleted since the listing (another resource's replace in this run): the API's own 404, with
      // the agent just listed, proves it gone, and a gone batch can dial nobody.
      if (error instanceof UltravoxApiError && error.status === 404 && error.fromApi) continue;
      unchecked.push(candidate.batchId);
      continue;
    }
    if (!tokens.has(token)) continue;
    if (claimBatch(candidate.batchId)) return candidate;
    throw new EarlierCreateLookupError(
      `${opening}: batch ${candidate.batchId} carries this resource's create token, but another resource of this run already manages it. ${NOTHING_SENT}`,
      "scheduled batch",
      [candidate.batchId],
      agentId,
    );
  }
  if (unchecked.length > 0) {
    throw new EarlierCreateLookupError(
      `${opening} failed: reading the calls of ${unchecked.join(", ")} failed, so it is not known whether one of them is that batch. ${NOTHING_SENT}`,
      "scheduled batch",
      unchecked,
      agentId,
    );
  }
  return undefined;
}
