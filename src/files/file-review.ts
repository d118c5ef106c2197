/**
 * What a changed `callsFile` changes, as review may show it: the count, the calls added (named by
 * their label or `file:line`, with the number masked) and how many were removed. Removed calls are
 * only counted: the old file is gone, and state keeps no one's data to name them by.
 */

import { labelOfCall } from "../privacy/call-label";
import { maskNumber } from "../privacy/masked-number";
import { fingerprintOf } from "./call-fingerprints";
import type { FileCall } from "./read-calls-file";

/** Added calls named one by one, at most. */
const MAX_NAMED = 10;

/** The number a call dials (`medium.<m>.outgoing.to`), if it has one. */
export function numberOf(call: Record<string, unknown>): string | undefined {
  const medium = call.medium;
  if (typeof medium !== "object" || medium === null) return undefined;
  for (const value of Object.values(medium)) {
    const to = (value as { outgoing?: { to?: unknown } } | undefined)?.outgoing?.to;
    if (typeof to === "string") return to;
  }
  return undefined;
}

/** `contacts.csv:13 (+1 415 ***-0123)`, or the label the user picked instead of the position. */
export function nameOf(entry: FileCall, callLabel: string | undefined): string {
  const label = labelOfCall(entry.call, callLabel, entry.where);
  const number = numberOf(entry.call);
  return number === undefined ? label : `${label} (${maskNumber(number)})`;
}

export interface FileChange {
  count: number;
  previousCount: number;
  added: FileCall[];
  removed: number;
}

/** The calls of the new file against the old file's fingerprints (under the old key). */
export function fileChange(
  calls: readonly FileCall[],
  oldFingerprints: readonly number[],
  key: string,
  previousCount: number,
): FileChange {
  const old = new Set(oldFingerprints);
  const kept = new Set<number>();
  const added: FileCall[] = [];
  for (const entry of calls) {
    const print = fingerprintOf(entry.call, key);
    if (old.has(print)) kept.add(print);
    else added.push(entry);
  }
  return { count: calls.length, previousCount, added, removed: old.size - kept.size };
}

/** The review line of a file change. */
export function describeFileChange(file: string, change: FileChange, callLabel?: string): string {
  const named = change.added.slice(0, MAX_NAMED).map((entry) => nameOf(entry, callLabel));
  const more = change.added.length > MAX_NAMED ? `, and ${change.added.length - MAX_NAMED} more` : "";
  const addedText = change.added.length === 0 ? "" : `: ${named.join(", ")}${more}`;
  return (
    `calls from ${file}: ${change.count} calls (was ${change.previousCount}); ` +
    `${change.added.length} added or changed${addedText}; ${change.removed} removed or changed (not named: state keeps no one's data)`
  );
}
