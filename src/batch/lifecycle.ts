/**
 * The ScheduledBatch's lifecycle: the generic one (provider/lifecycle.ts) over the batch's
 * definition, with what is the batch's own: create by adoption or by a POST that is never
 * duplicated (safe-create.ts), a PATCH carrying calls sent once (calls-patch.ts), a 404 that proves
 * a batch gone only with its agent visible, and no delete of a batch another resource of this run
 * has just adopted. `require("pulumi-ultravox/lifecycle")` (the forwarder in state) loads this file.
 */
import { createBody } from "../fields/field-rules";
import { partialOutputs } from "../fields/outputs";
import { BatchInitError } from "../provider/init-error";
import { createdResult, lifecycleFor } from "../provider/lifecycle";
import { adopt } from "./adopt";
import { patchBatch } from "./calls-patch";
import { adoptedThisRun } from "./claims";
import { UltravoxClient } from "./client";
import type { BatchArgs } from "./core";
import { batch } from "./definition";
import { createBatchSafely, UnreadCreatedBatchError } from "./safe-create";

// The plugin's import reads a batch's calls the way adoption does.
export { readLiveCalls } from "./adopt";
export { batch as definition } from "./definition";

const lifecycle = lifecycleFor({
  definition: batch,
  client: (options) => new UltravoxClient(options),
  async create(client, props, inputs) {
    const args = props as BatchArgs;
    if (args.adoptBatchId) return adopt(client, args, inputs);
    try {
      return createdResult(
        batch,
        args,
        inputs,
        await createBatchSafely(client, args.agentId, createBody(batch, args)),
      );
    } catch (error) {
      // The batch exists but could not be read: the engine records its id, so the next `up` converges.
      if (!(error instanceof UnreadCreatedBatchError)) throw error;
      throw new BatchInitError(error.message, error.batchId, partialOutputs(batch, inputs, error.batchId));
    }
  },
  get: (client, { agentId }, id) => client.getBatch(agentId as string, id),
  patch: (client, { agentId }, id, body) => patchBatch(client, agentId as string, id, body),
  remove: (client, { agentId }, id) => client.deleteBatch(agentId as string, id),
  // Gone only when proven (the API's own 404 and the agent visible).
  isGone: (client, { agentId }, error) => client.batchIsGone(agentId as string, error),
  // Moving a batch to a new resource with `adoptBatchId` while removing the old one must not stop
  // the campaign the new one now manages (the engine runs deletes after creates).
  keepOnDelete: adoptedThisRun,
});

export const { configure, check, diff, create, read, update, clientFor } = lifecycle;
const delete_ = lifecycle.delete;

export { delete_ as delete };
