/**
 * `pulumi import ultravox:index:ScheduledBatch <name> <agentId>/<batchId>`: the engine calls Read
 * with that id and no properties. The batch and its scheduled calls are read (one GET, then the
 * listing) and returned as outputs (state) and as inputs in the form a program writes them, which
 * the CLI prints as code to paste. The resource id becomes the batch id, as for a created batch.
 */

import { readLiveCalls } from "../batch/adopt";
import { type BatchArgs, inputsFromLive, outputsFor } from "../batch/core";
import { batch } from "../batch/definition";
import { callsWithoutPasswords } from "../batch/password-paths";
import { fieldsWith } from "../fields/definition";
import { batchResource } from "../resource/registry";

export interface ImportedResource {
  id: string;
  /** Outputs, in the engine form (calls as text). */
  props: Record<string, unknown>;
  /** Inputs in program form (calls as a list), for the code `pulumi import` prints. */
  inputs: Record<string, unknown>;
}

const ANY_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The parts of an import id, or an error saying what the id must look like. Both ids are UUIDs,
 * matched as the service matches them: its paths take lower case only (Django's <uuid:>), so an
 * id copied in upper case from elsewhere is lower-cased, never reported as missing.
 */
export function parseImportId(importId: string): { agentId: string; batchId: string } {
  const [agentId, batchId, ...rest] = importId.trim().split("/");
  const problem = (why: string) =>
    new Error(
      `Cannot import ScheduledBatch "${importId}": ${why}. The import id is <agentId>/<batchId>, ` +
        "in the `import` resource option as in `pulumi import ultravox:index:ScheduledBatch campaign 1f0c.../8e2d...`.",
    );
  if (agentId !== undefined && batchId === undefined && ANY_CASE_UUID.test(agentId)) {
    // The engine's import step sends Read only the id, never the program's inputs: the agent a
    // batch lives under cannot be taken from the resource's `agentId`.
    throw problem(
      "a batch id alone does not say which agent it is under (an import reads the batch before it sees the program's agentId)",
    );
  }
  if (agentId === undefined || batchId === undefined || rest.length > 0 || batchId === "") {
    throw problem("it is not of the form <agentId>/<batchId>");
  }
  if (!ANY_CASE_UUID.test(agentId)) throw problem("agentId must be a UUID");
  if (!ANY_CASE_UUID.test(batchId)) throw problem("batchId must be a UUID");
  return { agentId: agentId.toLowerCase(), batchId: batchId.toLowerCase() };
}

// Who chose a server-chosen value (the webhook secret) is unknown for a batch made elsewhere: it
// stays out of the printed code (no secret in source) and counts as the server's choice.
const chosenByServer = (field: string) => fieldsWith(batch, "serverChosen").includes(field);

export async function importBatch(importId: string): Promise<ImportedResource> {
  const { agentId, batchId } = parseImportId(importId);
  const client = batchResource.lifecycle.clientFor();
  let live: Awaited<ReturnType<typeof client.getBatch>>;
  try {
    live = await client.getBatch(agentId, batchId);
  } catch (error) {
    if (await client.batchIsGone(agentId, error)) {
      throw new Error(`Cannot import: batch ${batchId} does not exist under agent ${agentId}.`);
    }
    throw error;
  }
  // The CLI prints imported inputs as code, in plaintext even when marked secret: a password the
  // service lists stays out (a redacted one is no password either). State then records the calls as
  // Pulumi set them, so the printed code is no change; a program that later declares a password
  // (from secret config) sends the call list once.
  const calls: BatchArgs["calls"] = callsWithoutPasswords(await readLiveCalls(client, agentId, batchId));
  // Imported code declares what the batch holds: no value counts as filled in by the service.
  const inputs = inputsFromLive({ agentId, calls }, live, chosenByServer, () => "");
  return { id: batchId, props: outputsFor(inputs, live, true), inputs };
}
