/**
 * Adoption of a batch (`adoptBatchId`, or what an earlier unfinished create made): the generic one
 * (fields/adopt.ts) with the batch's own read-back. Its call list is write-only on the batch, so it
 * is read from `/scheduled_calls` to decide whether it must be sent.
 */

import type { Adoption } from "../fields/adopt";
import { canonicalJson } from "../json/canonical";
import { callFromListing } from "./call-fields";
import { sameCallLists } from "./call-lists";
import { batchClaims } from "./claims";
import type { UltravoxClient } from "./client";
import type { BatchArgs } from "./core";

export const batchAdoption: Adoption<UltravoxClient> = {
  claims: batchClaims,
  async readBack(client, { agentId }, batchId, args) {
    const listed = await readLiveCalls(client, agentId as string, batchId);
    // A listing that stands for the program's calls (in any order, passwords hidden, nulls) records
    // the program's calls: nothing to send, and no diff later. Otherwise the calls are sent whole.
    const declared = (args as BatchArgs).calls;
    return { calls: sameCallLists(declared, listed) ? declared : listed };
  },
};

/** The batch's call list as the server lists it, in the shape the program declares calls. */
export async function readLiveCalls(client: UltravoxClient, agentId: string, batchId: string) {
  const calls: Record<string, unknown>[] = [];
  for await (const item of client.listScheduledCalls(agentId, batchId, { pageSize: 100 })) {
    calls.push(callFromListing(item));
  }
  return canonicalJson(calls) as BatchArgs["calls"];
}
