/**
 * The re-dial guard: a change that would dial again people a batch already called fails at preview,
 * from what the state already holds (counts, `endedAt`, the window), with no request. Three changes
 * do that: a replace (the old batch is deleted and a new one calls every call again), a calls edit on
 * a batch that has placed calls (the list is sent whole), and the re-create of a batch deleted outside
 * Pulumi (a tombstone). `allowRedialOf` naming the batch's id approves exactly that batch's re-dial.
 * Pure; no I/O. The messages are quoted in docs/campaign-lifecycle.md.
 */
import { UltravoxError } from "../errors/ultravox-error";

type Props = Record<string, unknown>;

/** What the state says about the batch, as of the last create, update or refresh. */
export interface BatchProgress {
  batchId: string;
  totalCount?: number;
  completedCount?: number;
  endedAt?: string;
  /** The window as applied (the program's, or the service's after a refresh). */
  windowStart?: string;
  windowEnd?: string;
  paused?: boolean;
  created?: string;
  /** Set on a tombstone: when a refresh proved the batch deleted outside Pulumi. */
  deletedOutsideAt?: string;
}

/** The change diff found, in the terms the guard needs. */
export interface PlannedChange {
  /** Fields that force a replace (e.g. `agentId`). */
  replaces: string[];
  /** True when the calls list would be sent again in a PATCH. */
  callsChange: boolean;
  /** The program's `allowRedialOf`, if any. */
  allowRedialOf?: string;
  /** What asks for the replace, when not a field (`pulumi up --replace`). */
  replaceCause?: string;
}

/** Thrown when a change would re-dial; its message is the one the preview shows. */
export class RedialRefusedError extends UltravoxError {
  override readonly name = "RedialRefusedError";
  override readonly mayHaveActed = false;
}

const DOCS = "See docs/campaign-lifecycle.md in pulumi-ultravox.";

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function people(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "person" : "people"}`;
}

function passed(instant: string | undefined, nowMs: number): boolean {
  if (instant === undefined) return false;
  const at = Date.parse(instant);
  return Number.isFinite(at) && at <= nowMs;
}

/** The progress fields of stored outputs (decoded, program form). */
export function progressOf(outputs: Props, applied: Props, batchId: string): BatchProgress {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const count = (value: unknown) => (typeof value === "number" ? value : undefined);
  return {
    batchId,
    totalCount: count(outputs.totalCount),
    completedCount: count(outputs.completedCount),
    endedAt: text(outputs.endedAt),
    windowStart: text(applied.windowStart) ?? text(outputs.windowStartFilledByServer),
    windowEnd: text(applied.windowEnd) ?? text(outputs.windowEndFilledByServer),
    paused: applied.paused === true,
    created: text(outputs.created),
    deletedOutsideAt: text(outputs.deletedOutsideAt),
  };
}

/** True when the batch has placed calls or can place no more (as the state knows it). */
export function hasPlacedCalls(progress: BatchProgress, nowMs: number): boolean {
  return (
    (progress.completedCount ?? 0) > 0 || progress.endedAt !== undefined || passed(progress.windowEnd, nowMs)
  );
}

/**
 * True when the batch may be dialing although the state counts no call yet: its window has opened
 * (no `windowStart` opens it at creation) and it is not paused. A replace then may re-dial whoever
 * was called since the last refresh.
 */
function mayBeDialing(progress: BatchProgress, nowMs: number): boolean {
  if (progress.paused) return false;
  return passed(progress.windowStart ?? progress.created, nowMs);
}

/** How many people the change would call again, in words. */
function whoAgain(progress: BatchProgress, nowMs: number): string {
  const total = progress.totalCount;
  const done = progress.completedCount ?? 0;
  const of = total === undefined ? "" : ` of its ${plural(total, "call")}`;
  if (done > 0)
    return `${people(done)} would be called again (${done.toLocaleString("en-US")}${of} already placed, as of the last refresh)`;
  if (progress.endedAt !== undefined)
    return `everyone it reached would be called again (it ended at ${progress.endedAt})`;
  if (passed(progress.windowEnd, nowMs))
    return `everyone it reached would be called again (its window ended at ${progress.windowEnd})`;
  return `anyone it called since the last refresh would be called again (its window is open and it is not paused${of ? `; ${total} calls in all` : ""})`;
}

function waysForward(batchId: string, tombstone: boolean): string {
  const lines = tombstone
    ? [
        "- to leave it gone: remove this resource from the program (or `pulumi state delete <urn>`); no request is sent for a deleted batch;",
        `- to create it again and call these people again on purpose, add to this resource: allowRedialOf: "${batchId}"`,
      ]
    : [
        "- to reach more people, keep this batch and declare a second ScheduledBatch with only the added calls;",
        `- to call these people again on purpose, add to this resource: allowRedialOf: "${batchId}"`,
        "- to leave a finished batch alone and start a new run, set the resource option `retainOnDelete: true` on it, then remove it from the program and declare the next run as a new resource.",
      ];
  return `Nothing was sent. Ways forward:\n${lines.join("\n")}\n${DOCS}`;
}

/**
 * Throws a RedialRefusedError when `change` would dial again calls the batch already placed (or, for
 * a tombstone, re-create a batch someone deleted), unless `allowRedialOf` names this batch.
 */
export function refuseRedial(progress: BatchProgress, change: PlannedChange, nowMs: number): void {
  const id = progress.batchId;
  if (change.allowRedialOf === id) return;
  if (progress.deletedOutsideAt !== undefined) {
    const total =
      progress.totalCount === undefined ? "all its calls" : `all ${plural(progress.totalCount, "call")}`;
    const done = progress.completedCount ?? 0;
    throw new RedialRefusedError(
      `batch ${id} was deleted outside Pulumi (a refresh found it gone at ${progress.deletedOutsideAt}). ` +
        `This update would create it again and place ${total} again: ${people(done)} already called would be called again ` +
        `(last known count), and someone may have deleted it to stop the campaign.\n${waysForward(id, true)}`,
    );
  }
  const placed = hasPlacedCalls(progress, nowMs);
  if (change.replaces.length > 0 && (placed || mayBeDialing(progress, nowMs))) {
    throw new RedialRefusedError(
      `replacing batch ${id} (${change.replaceCause ?? `${change.replaces.join(", ")} changes`}) deletes it and creates a new batch that places every call again: ` +
        `${whoAgain(progress, nowMs)}.\n${waysForward(id, false)}`,
    );
  }
  if (change.callsChange && placed) {
    throw new RedialRefusedError(
      `changing the calls of batch ${id}, which has placed calls, sends the whole list again: ` +
        `${whoAgain(progress, nowMs)}. (The service also refuses a calls change once a batch has started.)\n${waysForward(id, false)}`,
    );
  }
}
