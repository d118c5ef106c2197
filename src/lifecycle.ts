import type * as pulumi from "@pulumi/pulumi";
import { adoptedThisRun, claimBatch, recordAdoption } from "./batch-claims";
import { type BatchArgs, callFromListing } from "./batch-fields";
import { BatchInitError } from "./batch-init-error";
import { sameCallLists } from "./call-lists";
import { patchBatch } from "./calls-patch";
import { canonicalJson } from "./canonical";
import { checkForEngine } from "./check";
import { type BatchResponse, UltravoxClient } from "./client";
import { type ConfigSource, resolveSettings } from "./config";
import { diffBatch, patchBody } from "./diff";
import { failuresForEngine } from "./engine-failures";
import { fromEngine, fromEngineOrThrow, toEngine } from "./engine-form";
import { createBody, inputsFromLive, transitionFailures } from "./field-rules";
import { retryLine } from "./retry-log";
import { createBatchSafely, UnreadCreatedBatchError } from "./safe-create";
import { secretsIn } from "./secrets";
import {
  chosenByServer,
  decodeAgentId,
  decodeStoredOutputs,
  filledByServer,
  outputsFor,
  outputsUnchanged,
  partialOutputs,
  type StoredBatch,
} from "./stored-outputs";

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

/** `olds` are the stored outputs; a change the service cannot make fails here (the preview) too. */
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

/**
 * Take over an existing batch (`adoptBatchId`): one GET, then at most one PATCH carrying the fields
 * where the live batch differs from the program. As in any update, the program is the truth: a
 * field it leaves out is cleared (`paused` set to false). The call list is write-only on the batch,
 * so it is read back from `/scheduled_calls` to decide whether it must be sent.
 */
async function adopt(
  client: UltravoxClient,
  args: BatchArgs,
  inputs: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult> {
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
    if (error instanceof BatchInitError) recordAdoption(batchId); // the engine records it all the same
    throw error;
  }
}

/** The GET, the calls and at most one PATCH of an adoption whose batch this resource has claimed. */
async function takeOver(
  client: UltravoxClient,
  args: BatchArgs,
  inputs: Record<string, unknown>,
  batchId: string,
): Promise<pulumi.dynamic.CreateResult> {
  let live: BatchResponse;
  try {
    live = await client.getBatch(args.agentId, batchId);
  } catch (error) {
    if (await client.batchIsGone(args.agentId, error)) {
      throw new Error(`adoptBatchId: batch ${batchId} does not exist under agent ${args.agentId}.`);
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
  );
  const current = outputsFor(liveArgs, live, secretChosenByServer);
  const stored = decodeStoredOutputs(current);
  // Un-pausing a paused batch cannot succeed: say so instead of sending a PATCH that must fail.
  const impossible = transitionFailures(stored.applied, args, batchId);
  if (impossible.length > 0) {
    throw new Error(
      `adoptBatchId: cannot adopt batch ${batchId} as declared: ${impossible.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
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
    // Adopted but not yet converged: record it, so the next `up` retries the update.
    const message = error instanceof Error ? error.message : String(error);
    throw new BatchInitError(`adopted batch ${batchId} but could not update it: ${message}`, batchId, {
      ...current,
      __provider: inputs.__provider,
    });
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
