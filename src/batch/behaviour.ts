/**
 * What the ScheduledBatch does its own way (fields/behaviour.ts): create by adoption, by taking over
 * the batch an earlier unfinished create of this resource made (earlier-create.ts), or by a POST
 * that is never duplicated (safe-create.ts), a PATCH carrying calls sent once (calls-patch.ts), a
 * 404 that proves a batch gone only with its agent visible, and no delete of a batch another
 * resource of this run has just adopted.
 */
import { adoptExisting, takeOverClaimed } from "../fields/adopt";
import { createdResult, type ResourceBehaviour } from "../fields/behaviour";
import { createIdentityIn } from "../fields/create-identity";
import { createBody } from "../fields/field-rules";
import { ResourceInitError } from "../fields/init-error";
import { partialOutputs } from "../fields/outputs";
import { batchAdoption } from "./adopt";
import { patchBatch } from "./calls-patch";
import { adoptedThisRun } from "./claims";
import { UltravoxClient } from "./client";
import type { BatchArgs } from "./core";
import { createTokenFor } from "./create-token";
import { batch } from "./definition";
import { findEarlierBatch } from "./earlier-create";
import { reviewBatchChange } from "./preview-review";
import { createBatchSafely, UnreadCreatedBatchError } from "./safe-create";

export const batchBehaviour: ResourceBehaviour<UltravoxClient> = {
  definition: batch,
  client: (options) => new UltravoxClient(options),
  async create(client, props, inputs) {
    const args = props as BatchArgs;
    if (args.adoptBatchId)
      return adoptExisting(batchBehaviour, batchAdoption, client, args, inputs, args.adoptBatchId);
    // Stable per resource when the door names it, so the batch an earlier, unfinished create made is
    // found before posting again (earlier-create.ts); without an identity nothing could find it later.
    const identity = createIdentityIn(inputs);
    const createToken = identity === undefined ? undefined : createTokenFor(identity);
    const body = createBody(batch, args);
    if (createToken !== undefined) {
      // `allowRedialOf` (when the table has it) names a batch this create deliberately replaces.
      const { allowRedialOf } = args as { allowRedialOf?: unknown };
      const replacing = typeof allowRedialOf === "string" ? allowRedialOf : undefined;
      const earlier = await findEarlierBatch(client, args.agentId, createToken, args.calls.length, replacing);
      if (earlier !== undefined) {
        // Recorded as an adoption: in a create-before-delete replace the batch found is the old
        // resource's own, and the engine's Delete of the old resource must not delete it.
        const label = `Taking over batch ${earlier.batchId}, which an earlier create of this resource made:`;
        return takeOverClaimed(batchBehaviour, batchAdoption, client, args, inputs, earlier.batchId, label);
      }
    }
    let live: object;
    try {
      live = await createBatchSafely(client, args.agentId, body, { createToken });
    } catch (error) {
      // The batch exists but could not be read: the engine records its id, so the next `up` converges.
      if (!(error instanceof UnreadCreatedBatchError)) throw error;
      throw new ResourceInitError(error.message, error.batchId, partialOutputs(batch, inputs, error.batchId));
    }
    return createdResult(batch, args, inputs, live);
  },
  get: (client, { agentId }, id) => client.getBatch(agentId as string, id),
  patch: (client, { agentId }, id, body) => patchBatch(client, agentId as string, id, body),
  remove: (client, { agentId }, id) => client.deleteBatch(agentId as string, id),
  // Gone only when proven (the API's own 404 and the agent visible).
  isGone: (client, { agentId }, error) => client.batchIsGone(agentId as string, error),
  // Moving a batch to a new resource with `adoptBatchId` while removing the old one must not stop
  // the campaign the new one now manages (the engine runs deletes after creates).
  keepOnDelete: adoptedThisRun,
  // A batch deleted outside the program stays as a tombstone: re-creating it re-dials (issue 22).
  tombstones: true,
  review: reviewBatchChange,
};
