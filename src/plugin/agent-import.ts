/**
 * `pulumi import ultravox:index:Agent <name> <agentId>`: one GET, returned as outputs
 * (state) and as the inputs a program writes (which the CLI prints as code).
 */

import { agent } from "../agent/definition";
import { inputsFromLive } from "../fields/field-rules";
import { outputsFor } from "../fields/outputs";
import { clientFor } from "../provider/agent-lifecycle";
import type { ImportedResource } from "./batch-import";

const never = () => false;

export async function importAgent(agentId: string): Promise<ImportedResource> {
  const client = clientFor();
  let live: object;
  try {
    live = await client.getAgent(agentId);
  } catch (error) {
    if (await client.agentIsGone(error)) throw new Error(`Cannot import: agent ${agentId} does not exist.`);
    throw error;
  }
  // Imported code declares what the agent holds: every key of its template is the program's.
  const inputs = inputsFromLive(agent, live as Record<string, unknown>, live, never, () => "");
  return { id: agentId, props: outputsFor(agent, inputs, live, never), inputs };
}
