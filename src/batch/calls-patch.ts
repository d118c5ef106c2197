/**
 * A PATCH whose outcome is unknown is reconciled, never blindly repeated. That matters for a PATCH
 * carrying `calls`: what the service does with a new call list is undocumented, and if it restarts
 * the calls on each such PATCH, a repeat would dial again the people called in between.
 */

import { AppliedButUnreadError } from "../fields/applied-unread";
import { callFromListing } from "./call-fields";
import { sameCallLists } from "./call-lists";
import {
  type BatchResponse,
  type UltravoxClient,
  UltravoxRequestError,
  UltravoxResponseError,
} from "./client";

/** One PATCH; after an unknown outcome, the batch as it now is when the change shows, else an error. */
export async function patchBatch(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  body: Record<string, unknown>,
): Promise<BatchResponse> {
  try {
    return await client.updateBatch(agentId, batchId, body);
  } catch (error) {
    // A 2xx with an unusable body: the change was made. Read the batch rather than send it again.
    if (error instanceof UltravoxResponseError)
      return readBackApplied(client, agentId, batchId, error.message);
    if (!(error instanceof UltravoxRequestError && error.mayHaveActed && Array.isArray(body.calls)))
      throw error;
    // The listing shows the new calls: the PATCH was applied, whether or not the batch reads back now.
    if (await callsShow(client, agentId, batchId, body.calls))
      return readBackApplied(client, agentId, batchId, error.message);
    const calls = `GET /api/agents/${agentId}/scheduled_batches/${batchId}/scheduled_calls`;
    throw new Error(
      `Updating batch ${batchId}: the PATCH carrying the call list may or may not have been applied ` +
        `(${error.message}), and the batch's calls do not show the new list yet. It was not sent again: if ` +
        "the service restarts the calls on each such PATCH, a second one would dial again the people called " +
        `in between. Check the calls (${calls}). If they show the old list, run \`pulumi up\` again. If they ` +
        "show the new list, take the batch over without sending it again: `pulumi state delete <this " +
        `resource's URN>\`, set \`adoptBatchId: "${batchId}"\`, and run \`pulumi up\`.`,
    );
  }
}

/** The batch after a PATCH known to be applied; if it cannot be read, an error saying it was applied. */
async function readBackApplied(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  answered: string,
): Promise<BatchResponse> {
  try {
    return await client.getBatch(agentId, batchId);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppliedButUnreadError(
      `Updating batch ${batchId}: the service applied the change (${answered}) but the ` +
        `batch could not be read back (${why}). The change is recorded as applied and will not be sent again; ` +
        "`pulumi refresh` reads the batch's counts.",
    );
  }
}

/**
 * True when the batch's listed calls stand for `sent` (sameCallLists: any order, passwords hidden,
 * nulls, fields the service adds); false when they do not or cannot be read.
 */
async function callsShow(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  sent: unknown[],
): Promise<boolean> {
  const listed: Record<string, unknown>[] = [];
  try {
    for await (const call of client.listScheduledCalls(agentId, batchId, { pageSize: 100 })) {
      listed.push(callFromListing(call));
      if (listed.length > sent.length) return false;
    }
  } catch {
    return false;
  }
  return sameCallLists(sent, listed);
}
