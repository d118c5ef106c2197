// The lazy scheduler: brings a batch's call items up to the virtual "now".
// It runs on every request and on clock advances, so no timers are needed and tests stay deterministic.
import { randomUUID } from "node:crypto";
import { isPlainObject } from "./json";
import { isOutgoingSip } from "./medium";
import type { CreatedCall, StoredBatch, StoredCall } from "./model";

/** Stand-in for a failure the real service reports on the item rather than at POST time. */
const RESERVED_METADATA_PREFIX = "ultravox.";

/** Advances one batch that no call throttle limits to nowMs. Returns true when anything visible changed. */
export function progressBatch(batch: StoredBatch, nowMs: number, dialRatePerSecond: number): boolean {
  let lastEventMs = Number.NEGATIVE_INFINITY;
  let placed = 0;
  const open = openSpan(batch, nowMs, dialRatePerSecond);
  if (open !== null) {
    const credit = batch.dialCredit;
    const allowance = credit + ((open.toMs - open.fromMs) / 1000) * dialRatePerSecond;
    const dials = Math.floor(allowance + 1e-9);
    const waiting = batch.calls.filter((call) => call.status === "FUTURE");
    placed = Math.min(dials, waiting.length);
    for (let i = 0; i < placed; i++) {
      // The i-th dial happens when the accumulated allowance crosses i+1.
      const atMs = Math.round(open.fromMs + ((i + 1 - credit) / dialRatePerSecond) * 1000);
      placeCall(batch, waiting[i] as StoredCall, Math.min(atMs, open.toMs));
      lastEventMs = Math.max(lastEventMs, Math.min(atMs, open.toMs));
    }
    batch.dialCredit = placed < dials ? 0 : allowance - dials;
  }
  return closeBatch(batch, nowMs, lastEventMs) || placed > 0;
}

/**
 * The part of (progressedUntilMs, nowMs] in which the batch may dial: inside its window, not paused,
 * dial rate above 0. Null when there is none.
 */
export function openSpan(
  batch: StoredBatch,
  nowMs: number,
  dialRatePerSecond: number,
): { fromMs: number; toMs: number } | null {
  if (nowMs <= batch.progressedUntilMs || batch.paused || dialRatePerSecond <= 0) return null;
  const windowStartMs = batch.windowStart === null ? Number.NEGATIVE_INFINITY : Date.parse(batch.windowStart);
  const windowEndMs = batch.windowEnd === null ? Number.POSITIVE_INFINITY : Date.parse(batch.windowEnd);
  const fromMs = Math.max(batch.progressedUntilMs, windowStartMs);
  const toMs = Math.min(nowMs, windowEndMs);
  return toMs > fromMs ? { fromMs, toMs } : null;
}

/**
 * After dialing up to nowMs: expires what is left at windowEnd, sets endedAt once nothing is left
 * to place, and marks the batch processed up to nowMs. Returns true when a status or endedAt changed.
 */
export function closeBatch(batch: StoredBatch, nowMs: number, lastDialMs: number): boolean {
  let changed = false;
  let lastEventMs = lastDialMs;
  const windowEndMs = batch.windowEnd === null ? Number.POSITIVE_INFINITY : Date.parse(batch.windowEnd);
  if (nowMs >= windowEndMs) {
    for (const call of batch.calls) {
      if (call.status === "FUTURE" || call.status === "PENDING") {
        call.status = "EXPIRED";
        lastEventMs = Math.max(lastEventMs, windowEndMs);
        changed = true;
      }
    }
  }
  if (batch.endedAt === null && batch.calls.every((c) => c.status !== "FUTURE" && c.status !== "PENDING")) {
    batch.endedAt = new Date(Number.isFinite(lastEventMs) ? lastEventMs : nowMs).toISOString();
    changed = true;
  }
  batch.progressedUntilMs = Math.max(batch.progressedUntilMs, nowMs);
  return changed;
}

/** Places one call at atMs: SUCCESS with a created call, or ERROR for an item the service refuses. */
export function placeCall(batch: StoredBatch, call: StoredCall, atMs: number): void {
  const metadata = isPlainObject(call.received.metadata) ? call.received.metadata : {};
  const reserved = Object.keys(metadata).find((key) => key.startsWith(RESERVED_METADATA_PREFIX));
  if (reserved !== undefined) {
    call.status = "ERROR";
    call.error = `Metadata key "${reserved}" is reserved: keys starting with "ultravox." cannot be set.`;
    return;
  }
  const callId = randomUUID();
  const medium = call.received.medium ?? null;
  const created: CreatedCall = {
    callId,
    created: new Date(atMs).toISOString(),
    agentId: batch.agentId,
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, String(value)])),
    medium,
    joinUrl: isOutgoingSip(medium) ? null : `wss://emulator.invalid/calls/${callId}`,
    templateContext: call.received.templateContext ?? null,
    experimentalSettings: call.received.experimentalSettings ?? null,
    ended: null,
    endReason: null,
  };
  batch.createdCalls.push(created);
  call.status = "SUCCESS";
  call.callId = callId;
}
