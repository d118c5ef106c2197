/**
 * A PATCH whose outcome is unknown is reconciled, never blindly repeated. That matters for a PATCH
 * carrying `calls`: what the service does with a new call list is undocumented, and if it restarts
 * the calls on each such PATCH, a repeat would dial again the people called in between.
 */

import { canonicalJson } from "../fields/canonical";
import { callFromListing } from "./call-fields";
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
    if (error instanceof UltravoxResponseError) return client.getBatch(agentId, batchId);
    if (!(error instanceof UltravoxRequestError && error.mayHaveActed && Array.isArray(body.calls)))
      throw error;
    if (await callsShow(client, agentId, batchId, body.calls)) return client.getBatch(agentId, batchId);
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

/** True when the batch's listed calls are exactly `sent` (in any order); false when unreadable. */
async function callsShow(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  sent: unknown[],
): Promise<boolean> {
  const key = (call: unknown) =>
    JSON.stringify(canonicalJson(callFromListing(call as Record<string, unknown>)));
  const wanted = sent.map(key).sort();
  const listed: string[] = [];
  try {
    for await (const call of client.listScheduledCalls(agentId, batchId, { pageSize: 100 })) {
      listed.push(key(call));
      if (listed.length > wanted.length) return false;
    }
  } catch {
    return false;
  }
  listed.sort();
  return listed.length === wanted.length && listed.every((item, index) => item === wanted[index]);
}
