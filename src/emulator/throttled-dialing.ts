// Dialing for the batches that share one call throttle: each batch keeps to the dial rate, and
// together they place calls no faster than the throttle's rules allow. Calls are placed in time
// order across the batches, so whichever batch is due first takes the throttle's next opening.
import type { StoredBatch, StoredCall, StoredThrottle } from "./model";
import { closeBatch, openSpan, placeCall } from "./scheduler";
import { earliestAllowedMs, forgetOldPlacements, lastPlacedMs, recordPlacement } from "./throttle-gate";

interface Dialer {
  batch: StoredBatch;
  /** Its FUTURE calls in list order, and how many of them this run has placed. */
  waiting: StoredCall[];
  placed: number;
  /** End of the span it may dial in, this run. */
  toMs: number;
  /** When the dial rate lets it place its next call. */
  nextSlotMs: number;
  lastDialMs: number;
}

/** Advances the batches naming `throttle` to nowMs. Returns true when anything visible changed. */
export function progressThrottled(
  batches: StoredBatch[],
  throttle: StoredThrottle,
  nowMs: number,
  dialRatePerSecond: number,
): boolean {
  const gapMs = 1000 / dialRatePerSecond;
  const dialers: Dialer[] = [];
  for (const batch of batches) {
    const open = openSpan(batch, nowMs, dialRatePerSecond);
    if (open === null) continue;
    // Same slot as the unthrottled scheduler: the first dial when the carried credit reaches 1.
    const nextSlotMs = open.fromMs + (1 - batch.dialCredit) * gapMs;
    const waiting = batch.calls.filter((call) => call.status === "FUTURE");
    dialers.push({
      batch,
      waiting,
      placed: 0,
      toMs: open.toMs,
      nextSlotMs,
      lastDialMs: Number.NEGATIVE_INFINITY,
    });
  }

  for (;;) {
    let next: { dialer: Dialer; atMs: number } | null = null;
    for (const dialer of dialers) {
      if (dialer.placed === dialer.waiting.length) continue;
      const atMs = Math.round(
        earliestAllowedMs(throttle, Math.max(dialer.nextSlotMs, lastPlacedMs(throttle))),
      );
      if (atMs <= dialer.toMs && (next === null || atMs < next.atMs)) next = { dialer, atMs };
    }
    if (next === null) break;
    const { dialer, atMs } = next;
    const call = dialer.waiting[dialer.placed] as StoredCall;
    placeCall(dialer.batch, call, atMs);
    // An item refused at dial time (ERROR) never became a call, so it does not count.
    if (call.status === "SUCCESS") recordPlacement(throttle, atMs);
    dialer.nextSlotMs = atMs + gapMs;
    dialer.lastDialMs = atMs;
    dialer.placed += 1;
  }

  let changed = false;
  for (const dialer of dialers) {
    // Carry what is left of the wait for the next slot as credit (1 = due now), as the rate scheduler does.
    const credit = 1 - (dialer.nextSlotMs - dialer.toMs) / gapMs;
    dialer.batch.dialCredit = Math.min(1, Math.max(0, credit));
    changed = dialer.placed > 0 || changed;
  }
  for (const batch of batches) {
    const dialer = dialers.find((candidate) => candidate.batch === batch);
    changed = closeBatch(batch, nowMs, dialer?.lastDialMs ?? Number.NEGATIVE_INFINITY) || changed;
  }
  forgetOldPlacements(throttle, nowMs);
  return changed;
}
