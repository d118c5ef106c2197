// A call throttle's sliding windows: when the next call may be placed, and the record of the calls
// placed under it (shared by every batch naming it).
import type { StoredThrottle } from "./model";

/**
 * The earliest time at or after atMs when one more call fits every rule: for each rule, fewer than
 * maxCalls placed in (t - windowSeconds, t]. atMs must not be before the last call placed, so that
 * waiting only ever lets calls leave a window; then the latest of the rules' answers fits them all.
 */
export function earliestAllowedMs(throttle: StoredThrottle, atMs: number): number {
  let allowedMs = atMs;
  for (const rule of throttle.rules) {
    const windowMs = rule.windowSeconds * 1000;
    const inWindow = throttle.placedMs.filter((placedMs) => placedMs > atMs - windowMs);
    if (inWindow.length < rule.maxCalls) continue;
    // One more fits once this call (and all before it in the window) has left the window.
    const mustLeave = inWindow[inWindow.length - rule.maxCalls] as number;
    allowedMs = Math.max(allowedMs, mustLeave + windowMs);
  }
  return allowedMs;
}

export function lastPlacedMs(throttle: StoredThrottle): number {
  return throttle.placedMs.at(-1) ?? Number.NEGATIVE_INFINITY;
}

/** Calls are recorded in time order; the record stays as short as the longest window needs. */
export function recordPlacement(throttle: StoredThrottle, atMs: number): void {
  throttle.placedMs.push(atMs);
  forgetOldPlacements(throttle, atMs);
}

/** Forgets the calls that no rule can count any more at nowMs (none at all when it has no rules). */
export function forgetOldPlacements(throttle: StoredThrottle, nowMs: number): void {
  const longestMs = Math.max(0, ...throttle.rules.map((rule) => rule.windowSeconds * 1000));
  throttle.placedMs = throttle.placedMs.filter((placedMs) => placedMs > nowMs - longestMs);
}
