/**
 * No replace of a batch that may be running. A replace deletes the batch and creates a new one
 * that dials every call again. A policy cannot see it coming: the engine hands a policy the new
 * declaration only (type, inputs, URN, options), never the old state or the planned operation, so a
 * replace looks exactly like an update or no change. The engine itself, though, refuses to replace
 * or delete a resource that is protected in both its state and the program. So the rule asks every
 * batch that can still dial (not paused, window not over) to be declared `protect: true`: removing
 * protect is then only possible together with `paused: true`, and a replacement of a paused batch
 * dials no one.
 */
import type { Batch } from "./batch";

/** Whether the batch can still place calls, judged from its declaration at `nowMs`. */
function canStillDial(batch: Batch, nowMs: number): boolean {
  if (batch.paused) return false; // the service cannot resume a paused batch
  const end = batch.windowEnd === undefined ? Number.NaN : Date.parse(batch.windowEnd);
  return Number.isNaN(end) || end > nowMs;
}

export function runningBatchViolations(
  batch: Batch,
  resourceName: string,
  protect: boolean,
  nowMs: number,
): string[] {
  if (protect || !canStillDial(batch, nowMs)) return [];
  return [
    `batch "${resourceName}" can still dial (not paused, window not over) but is not protected: a replace ` +
      "(a changed agentId, `pulumi up --replace`) would delete it and create a new batch that dials every call " +
      "again. Declare it with { protect: true } so the engine refuses any replace or delete; to retire it, " +
      "set paused: true first.",
  ];
}
