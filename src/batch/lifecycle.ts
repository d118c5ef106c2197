import type * as pulumi from "@pulumi/pulumi";
import { retryLine } from "../http/retry-log";
import { type ConfigSource, resolveSettings } from "../provider/config";
import { BatchInitError } from "../provider/init-error";
import { adopt } from "./adopt";
import { patchBatch } from "./calls-patch";
import { adoptedThisRun } from "./claims";
import { type BatchResponse, UltravoxClient } from "./client";
import {
  type BatchArgs,
  checkForEngine,
  chosenByServer,
  createBody,
  decodeAgentId,
  decodeStoredOutputs,
  diffBatch,
  failuresForEngine,
  filledByServer,
  fromEngine,
  fromEngineOrThrow,
  inputsFromLive,
  outputsFor,
  outputsUnchanged,
  partialOutputs,
  patchBody,
  type StoredBatch,
  secretsIn,
  toEngine,
} from "./core";
import { createBatchSafely, UnreadCreatedBatchError } from "./safe-create";

// The plugin's import reads a batch's calls the way adoption does.
export { readLiveCalls } from "./adopt";
export { batch as definition } from "./definition";

/**
 * The Pulumi dynamic-provider protocol for one ScheduledBatch, called through the serialized
 * forwarder in provider.ts. Each operation makes the fewest requests that do the job:
 * check and diff make none; create one POST; update one PATCH (none if nothing changed);
 * read one GET; delete one DELETE.
 */

// Stack config handed over by the host. Assigned before any await: the host caches the provider
// before `configure` settles, so a later call must never see a half-configured module.
let stackConfig: ConfigSource | undefined;

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = req.config;
}

const NO_API_KEY =
  "No Ultravox API key: run `pulumi config set --secret ultravox:apiKey <key>` or set ULTRAVOX_API_KEY.";

export function clientFor(...values: Record<string, unknown>[]): UltravoxClient {
  const settings = resolveSettings(stackConfig);
  if (!settings.apiKey) throw new Error(NO_API_KEY);
  return new UltravoxClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    requestTimeoutMs: settings.requestTimeoutMs,
    retry: settings.retry,
    secrets: values.flatMap(secretsIn),
    // The host passes the provider's stderr through to the CLI: a wait shows instead of a silent pause.
    onRetry: (info) => process.stderr.write(`${retryLine(info, settings.retry)}\n`),
  });
}

/**
 * The canonical inputs check produced, without the engine's `__provider`. (check already validated
 * them: create and update only ever receive what check returned.)
 */
function checkedInputs(inputs: Record<string, unknown>): BatchArgs {
  const own = Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__")));
  return fromEngineOrThrow(own) as BatchArgs;
}

/**
 * Validates the program's inputs against the previous ones (`olds`: the last applied or refreshed
 * inputs; empty on create and on `pulumi up --replace`). Fails the preview, without a request, when
 * no API key resolves: otherwise a preview would pass and the `up` after it fail.
 */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const { apiKey } = resolveSettings(stackConfig);
  if (!apiKey) throw new Error(NO_API_KEY);
  const { inputs, failures } = checkForEngine(news, olds);
  // Failing values are looked up in the program form (calls as a list, not as text).
  return { inputs, failures: failuresForEngine(failures, fromEngine(news).props, [apiKey]) };
}

/**
 * `olds` are the stored outputs. Another batch in a create-only field fails the preview here (check
 * cannot know the batch id); other impossible changes show as a change, which check already failed.
 */
export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  return diffBatch(decodeStoredOutputs(olds), news);
}

export async function create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const args = checkedInputs(inputs);
  const client = clientFor(args);
  if (args.adoptBatchId) return adopt(client, args, inputs);

  let batch: BatchResponse;
  try {
    batch = await createBatchSafely(client, args.agentId, createBody(args));
  } catch (error) {
    // The batch exists but could not be read: the engine records its id, so the next `up` converges.
    if (!(error instanceof UnreadCreatedBatchError)) throw error;
    throw new BatchInitError(error.message, error.batchId, partialOutputs(inputs, error.batchId));
  }
  try {
    return { id: batch.batchId, outs: outputsFor(args, batch, args.webhookSecret === undefined) };
  } catch (error) {
    // The batch exists: make sure the engine records it rather than orphaning it.
    throw new BatchInitError(
      `batch ${batch.batchId} was created but ${String(error)}`,
      batch.batchId,
      partialOutputs(inputs, batch.batchId),
    );
  }
}

export async function read(
  id: string,
  props: Record<string, unknown> = {},
): Promise<pulumi.dynamic.ReadResult> {
  if (!props.agentId) {
    throw new Error(
      "Reading a ScheduledBatch needs its agentId: import an existing batch with the `adoptBatchId` input.",
    );
  }
  const stored = decodeStoredOutputs(props);
  const { agentId } = stored.applied;
  const client = clientFor(props);
  try {
    const live = await client.getBatch(agentId, id);
    const inputs = inputsFromLive(stored.applied, live, chosenByServer(stored), filledByServer(stored));
    const chosen = stored.flags.webhookSecretChosenByServer === true;
    return { id, props: outputsFor(inputs, live, chosen, stored), inputs: toEngine(inputs) };
  } catch (error) {
    // Gone only when proven (the API's own 404 and the agent visible): the engine drops it from state.
    if (await client.batchIsGone(agentId, error)) return { id: "", props: {} };
    throw error;
  }
}

export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const stored: StoredBatch = decodeStoredOutputs(olds);
  const args = checkedInputs(news);
  const body = patchBody(stored, args);
  const secretChosenByServer = args.webhookSecret === undefined;
  if (Object.keys(body).length === 0) {
    if (stored.server === undefined) {
      // Outputs recorded by a failed create lack the server's fields: read them once.
      const live = await clientFor(olds, args).getBatch(args.agentId, id);
      return { outs: outputsFor(args, live, secretChosenByServer, stored) };
    }
    // Nothing the API holds changed (e.g. only the provider code did): no request at all.
    return { outs: outputsUnchanged(args, { ...stored, server: stored.server }) };
  }
  const batch = await patchBatch(clientFor(olds, args), args.agentId, id, body);
  return { outs: outputsFor(args, batch, secretChosenByServer, stored) };
}

/**
 * Deletes the batch, unless another resource of this run has just adopted it (the engine runs
 * deletes after creates): moving a batch to a new resource with `adoptBatchId` while removing the
 * old one must not stop the campaign the new one now manages.
 */
export async function delete_(id: string, props: Record<string, unknown>): Promise<void> {
  if (adoptedThisRun(id)) return;
  const agentId = decodeAgentId(props);
  const client = clientFor(props);
  try {
    await client.deleteBatch(agentId, id);
  } catch (error) {
    if (!(await client.batchIsGone(agentId, error))) throw error; // proven gone counts as deleted
  }
}
export { delete_ as delete };
