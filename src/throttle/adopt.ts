/**
 * Adoption (`adoptThrottleId`): a create that takes over an existing throttle instead of POSTing a
 * new one: one GET, then at most one PATCH carrying the fields where it differs from the program.
 */
import type { Created } from "../fields/behaviour";
import { patchBody } from "../fields/diff";
import { inputsFromLive } from "../fields/field-rules";
import { ResourceInitError } from "../fields/init-error";
import { outputsFor } from "../fields/outputs";
import { decodeStoredState } from "../fields/stored-state";
import { throttleClaims } from "./claims";
import type { ThrottleClient } from "./client";
import { callThrottle } from "./definition";

const never = () => false;

export async function adoptThrottle(
  client: ThrottleClient,
  args: Record<string, unknown>,
  throttleId: string,
): Promise<Created> {
  // One resource per throttle per run: two resources adopting one would each delete it on delete.
  if (!throttleClaims.claim(throttleId)) {
    throw new Error(
      `adoptThrottleId: throttle ${throttleId} is already managed by another resource of this stack (created, ` +
        "found or adopted in this run); a throttle can belong to one resource only. Remove `adoptThrottleId` from one of them.",
    );
  }
  let live: object;
  try {
    live = await client.getThrottle(throttleId);
  } catch (error) {
    if (await client.throttleIsGone(error)) {
      throw new Error(`adoptThrottleId: call throttle ${throttleId} does not exist.`);
    }
    throw error;
  }
  throttleClaims.recordAdoption(throttleId);
  // The live throttle as if it had been applied; the PATCH carries exactly where the program differs.
  const current = outputsFor(
    callThrottle,
    inputsFromLive(callThrottle, args, live, never, () => "", "unset"),
    live,
    never,
  );
  const body = patchBody(callThrottle, decodeStoredState(callThrottle, current), args);
  if (Object.keys(body).length === 0)
    return { id: throttleId, outs: outputsFor(callThrottle, args, live, never) };
  try {
    const patched = await client.updateThrottle(throttleId, body);
    return { id: throttleId, outs: outputsFor(callThrottle, args, patched, never) };
  } catch (error) {
    // Adopted but not yet converged: record it, so the next `up` retries the update.
    const why = error instanceof Error ? error.message : String(error);
    throw new ResourceInitError(
      `adopted throttle ${throttleId} but could not update it: ${why}`,
      throttleId,
      current,
    );
  }
}
