/**
 * Adoption (`adoptBatchId`): a create that takes over an existing batch instead of POSTing a new one.
 */

import { AppliedButUnreadError } from "../fields/applied-unread";
import type { Created } from "../fields/behaviour";
import { ResourceInitError } from "../fields/init-error";
import { canonicalJson } from "../json/canonical";
import { callFromListing } from "./call-fields";
import { sameCallLists } from "./call-lists";
import { patchBatch } from "./calls-patch";
import { claimBatch, recordAdoption } from "./claims";
import type { BatchResponse, UltravoxClient } from "./client";
import {
  type BatchArgs,
  decodeStoredOutputs,
  inputsFromLive,
  outputsFor,
  patchBody,
  transitionFailures,
} from "./core";

/**
 * Take over an existing batch (`adoptBatchId`): one GET, then at most one PATCH carrying the fields
 * where the live batch differs from the program. As in any update, the program is the truth: a
 * field it leaves out is cleared (`paused` set to false). The call list is write-only on the batch,
 * so it is read back from `/scheduled_calls` to decide whether it must be sent.
 */
export async function adopt(
  client: UltravoxClient,
  args: BatchArgs,
  inputs: Record<string, unknown>,
): Promise<Created> {
  const batchId = args.adoptBatchId as string;
  // One resource per batch per run: two resources adopting one batch would each stop it on delete.
  if (!claimBatch(batchId)) {
    throw new Error(
      `adoptBatchId: batch ${batchId} is already managed by another resource of this stack (created, found ` +
        "or adopted in this run); a batch can belong to one resource only. Remove `adoptBatchId` from one of them.",
    );
  }
  try {
    const result = await takeOver(client, args, inputs, batchId);
    recordAdoption(batchId);
    return result;
  } catch (error) {
    if (error instanceof ResourceInitError) recordAdoption(batchId); // the engine records it all the same
    throw error;
  }
}

/**
 * Take over the batch an earlier, unfinished create of this resource made (found by its create token
 * and already claimed: earlier-create.ts) instead of posting another: as an adoption, one GET, its
 * calls, and at most one PATCH bringing it in line with the program.
 */
export async function takeOverEarlierBatch(
  client: UltravoxClient,
  args: BatchArgs,
  inputs: Record<string, unknown>,
  batchId: string,
): Promise<Created> {
  // Recorded as an adoption: in a create-before-delete replace (`pulumi up --replace` without
  // `deleteBeforeReplace`) the batch found is the old resource's own, and the engine's Delete of the
  // old resource that follows must not delete the batch the new one now holds.
  try {
    const result = await takeOver(
      client,
      args,
      inputs,
      batchId,
      `Taking over batch ${batchId}, which an earlier create of this resource made:`,
    );
    recordAdoption(batchId);
    return result;
  } catch (error) {
    if (error instanceof ResourceInitError) recordAdoption(batchId); // the engine records it all the same
    throw error;
  }
}

/** The GET, the calls and at most one PATCH of an adoption whose batch this resource has claimed. */
async function takeOver(
  client: UltravoxClient,
  args: BatchArgs,
  inputs: Record<string, unknown>,
  batchId: string,
  label = "adoptBatchId:",
): Promise<Created> {
  let live: BatchResponse;
  try {
    live = await client.getBatch(args.agentId, batchId);
  } catch (error) {
    if (await client.batchIsGone(args.agentId, error)) {
      throw new Error(`${label} batch ${batchId} does not exist under agent ${args.agentId}.`);
    }
    throw error;
  }
  const listed = await readLiveCalls(client, args.agentId, batchId);
  // A listing that stands for the program's calls (in any order, passwords hidden, nulls) records
  // the program's calls: nothing to send, and no diff later. Otherwise the calls are sent whole.
  const liveCalls = sameCallLists(args.calls, listed) ? args.calls : listed;
  const secretChosenByServer = args.webhookSecret === undefined;
  // The live batch as if it had been applied: its secret counts as declared so a differing one is sent.
  // Nothing counts as filled in by the service here: what the program leaves out is cleared.
  const liveArgs = inputsFromLive(
    { ...args, calls: liveCalls },
    live,
    () => false,
    () => "",
    "unset", // a key the answer leaves out: the batch has no such value (there is no stored one)
  );
  const current = outputsFor(liveArgs, live, secretChosenByServer);
  const stored = decodeStoredOutputs(current);
  // Un-pausing a paused batch cannot succeed: say so instead of sending a PATCH that must fail.
  const impossible = transitionFailures(stored.applied, args, batchId);
  if (impossible.length > 0) {
    throw new Error(
      `${label} cannot adopt batch ${batchId} as declared: ${impossible.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
    );
  }
  const body = patchBody(stored, args);
  if (Object.keys(body).length === 0) {
    return { id: batchId, outs: outputsFor(args, live, secretChosenByServer) };
  }
  try {
    const patched = await patchBatch(client, args.agentId, batchId, body);
    return { id: batchId, outs: outputsFor(args, patched, secretChosenByServer) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Applied for sure but not read back: record the program's values, so nothing is sent again.
    if (error instanceof AppliedButUnreadError) {
      throw new ResourceInitError(`${label} adopted batch ${batchId}; ${message}`, batchId, {
        ...outputsFor(args, live, secretChosenByServer),
        __provider: inputs.__provider,
      });
    }
    // Adopted but not yet converged: record it, so the next `up` retries the update.
    throw new ResourceInitError(
      `${label} adopted batch ${batchId} but could not update it: ${message}`,
      batchId,
      {
        ...current,
        __provider: inputs.__provider,
      },
    );
  }
}

/** The batch's call list as the server lists it, in the shape the program declares calls. */
export async function readLiveCalls(client: UltravoxClient, agentId: string, batchId: string) {
  const calls: Record<string, unknown>[] = [];
  for await (const item of client.listScheduledCalls(agentId, batchId, { pageSize: 100 })) {
    calls.push(callFromListing(item));
  }
  return canonicalJson(calls) as BatchArgs["calls"];
}
