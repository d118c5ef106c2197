/**
 * `pulumi import ultravox:index:ScheduledBatch <name> <agentId>/<batchId>`: the engine calls Read
 * with that id and no properties. The generic import (fields/import.ts) reads the batch; this is
 * what is the batch's own: its two-part id, and its scheduled calls, read from their listing.
 */

import type { Importing } from "../fields/import";
import { readLiveCalls } from "./adopt";
import type { UltravoxClient } from "./client";
import { callsWithoutPasswords } from "./password-paths";

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

export const batchImporting: Importing<UltravoxClient> = {
  // `pulumi import` passes `<agentId>/<batchId>`; the `import` option the batch id beside inputs.
  parse(importId, inputs) {
    const full = importId.includes("/") || !inputs.agentId ? importId : `${inputs.agentId}/${importId}`;
    const { agentId, batchId } = parseImportId(full);
    return { id: batchId, parents: { agentId } };
  },
  // The CLI prints imported inputs as code, in plaintext even when marked secret: a password the
  // service lists stays out (a redacted one is no password either). State then records the calls as
  // Pulumi set them, so the printed code is no change; a program that later declares a password
  // (from secret config) sends the call list once.
  async readBack(client, { agentId }, batchId) {
    return { calls: callsWithoutPasswords(await readLiveCalls(client, agentId as string, batchId)) };
  },
};
