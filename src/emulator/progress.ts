// Brings every batch up to the virtual now: the batches naming one call throttle together (they
// share its windows), every other batch on its own at the dial rate.
import type { EmulatorContext } from "./context";
import type { StoredBatch, StoredThrottle } from "./model";
import { progressBatch } from "./scheduler";
import { progressThrottled } from "./throttled-dialing";

export function progressToNow(ctx: EmulatorContext, nowMs: number = ctx.clock.nowMs()): void {
  const rate = ctx.options.dialRatePerSecond;
  const shared = new Map<StoredThrottle, StoredBatch[]>();
  for (const batch of ctx.store.all()) {
    // A batch whose throttle was deleted (or that named none) dials at the plain rate.
    const throttle = batch.throttleId ? ctx.throttles.find(batch.throttleId) : undefined;
    if (throttle === undefined) {
      if (progressBatch(batch, nowMs, rate)) ctx.store.dirty = true;
    } else shared.set(throttle, [...(shared.get(throttle) ?? []), batch]);
  }
  for (const [throttle, batches] of shared) {
    const placedBefore = throttle.placedMs.length;
    if (progressThrottled(batches, throttle, nowMs, rate)) ctx.store.dirty = true;
    if (throttle.placedMs.length !== placedBefore) ctx.throttles.dirty = true;
  }
}
