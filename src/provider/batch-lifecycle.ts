/**
 * The ScheduledBatch's lifecycle: the generic one over the batch's definition and behaviour. The
 * forwarder stored in every batch's state loads this file as `require("pulumi-ultravox/lifecycle")`
 * (package.json `exports`), so its function names are a contract with states already written.
 */
import { readLiveCalls } from "../batch/adopt";
import { batchBehaviour } from "../batch/behaviour";
import { lifecycleFor } from "../resource/lifecycle";

const lifecycle = lifecycleFor(batchBehaviour);

export const { configure, check, diff, diffWithWarnings, create, read, update, clientFor } = lifecycle;
const delete_ = lifecycle.delete;

export { batch as definition } from "../batch/definition";
// The plugin's import reads a batch's calls the way adoption does.
export { delete_ as delete, readLiveCalls };
