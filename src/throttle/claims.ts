/**
 * Which throttles resources of this provider process already own (one `pulumi up`): claimed by the
 * create whose answer named it, by the reconciliation that found it, or by adoption. A throttle is
 * claimed once, so two resources never record one throttle, and a throttle adopted by a new
 * resource of this run is not deleted with the old one. Module state, kept out of the forwarder.
 */
const claimed = new Set<string>();
const adopted = new Set<string>();

/** Claim a throttle id; false if another resource of this process already has it. */
export function claimThrottle(throttleId: string): boolean {
  if (claimed.has(throttleId)) return false;
  claimed.add(throttleId);
  return true;
}

export const throttleClaimed = (throttleId: string) => claimed.has(throttleId);

export function recordThrottleAdoption(throttleId: string): void {
  if (claimed.has(throttleId)) adopted.add(throttleId);
}

export const throttleAdoptedThisRun = (throttleId: string) => adopted.has(throttleId);

/** For tests: forget every claim. */
export function resetThrottleClaims(): void {
  claimed.clear();
  adopted.clear();
}
