/**
 * `pulumi import ultravox:index:CallThrottle <name> <throttleId>`: one GET, returned as outputs
 * (state) and as the inputs a program writes (which the CLI prints as code).
 */
import { inputsFromLive } from "../fields/field-rules";
import { outputsFor } from "../fields/outputs";
import { throttleResource } from "../resource/registry";
import { callThrottle } from "../throttle/definition";
import type { ImportedResource } from "./batch-import";

const never = () => false;

export async function importThrottle(throttleId: string): Promise<ImportedResource> {
  const client = throttleResource.lifecycle.clientFor();
  let live: object;
  try {
    live = await client.getThrottle(throttleId);
  } catch (error) {
    if (await client.throttleIsGone(error))
      throw new Error(`Cannot import: call throttle ${throttleId} does not exist.`);
    throw error;
  }
  // Imported code declares what the throttle holds.
  const inputs = inputsFromLive(callThrottle, {}, live, never, () => "");
  return { id: throttleId, props: outputsFor(callThrottle, inputs, live, never), inputs };
}
