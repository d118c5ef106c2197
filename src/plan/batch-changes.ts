/**
 * What a preview does to each scheduled batch, in the terms that matter to the people called:
 * how many calls, when, and whether calls already made are dialled again. Reads both doors' types
 * (the dynamic resource and the provider plugin); through the engine `calls` is the JSON-Lines
 * text (one call per line), and secret values arrive masked.
 */
import { CALLS_REVIEW_LINE } from "../privacy/calls-review";
import type { PreviewJson, PreviewStep } from "./preview-json";

export const BATCH_TYPES = new Set([
  "pulumi-nodejs:dynamic/ultravox:ScheduledBatch",
  "ultravox:index:ScheduledBatch",
]);

/** Engine properties that are bookkeeping, not something a person changed. */
const INTERNAL_FIELDS = new Set(["__provider", "stateVersion", "webhookSecretChosenByServer", "callCount"]);

export type ChangeKind = "create" | "update" | "replace" | "delete" | "same";

export interface CallCount {
  /** Number of calls, or null when the preview cannot tell (secret or not yet known). */
  count: number | null;
  /** Why the count is missing. */
  hidden?: "secret" | "unknown";
}

export interface BatchChange {
  kind: ChangeKind;
  /** The resource name in the program (the URN's last part). */
  name: string;
  urn: string;
  /** The calls the program declares (after the change; before it for a delete). */
  calls: CallCount;
  windowStart?: string;
  windowEnd?: string;
  /** update: the fields that differ; replace: the fields that force the replacement. */
  fields: string[];
  /** update of `calls`: calls added and removed. */
  callsAdded?: number;
  callsRemoved?: number;
  /**
   * update of `calls`: the changed calls as the provider's review named them (label and masked
   * number, `~ call #2 (metadata.crmId C-2) +1 415 ***-0199`), from the preview's diagnostics.
   */
  callsTouched?: string[];
  /** From the current state (refreshed when the preview ran with --refresh). */
  live?: { totalCount?: number; completedCount?: number; endedAt?: string; paused?: boolean };
  /**
   * The state's own record before a --refresh read the live batch (the count the last `up` or
   * refresh saved), or undefined when the preview did not refresh.
   */
  recorded?: { totalCount?: number };
  /**
   * Why applying this calls people who were already called again (a re-create, a replace), or
   * undefined when it does not.
   */
  redial?: string;
  /**
   * A tombstone (issue 22): refresh proved the batch gone at this ISO time; state keeps it with its
   * last known counts.
   */
  deletedOutsideAt?: string;
  /** A delete of a batch with retainOnDelete: nothing is sent, the batch keeps dialling unmanaged. */
  leftRunning?: boolean;
  /** For a re-create: the id of the batch whose people would be called again. */
  redialOf?: string;
  /** The current (live) and declared value of each changed field, secrets masked by the engine. */
  values: Record<string, { live: unknown; declared: unknown }>;
}

/** The engine's masked secret, and its placeholder for a value not known until apply. */
const SECRET = "[secret]";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function callLines(value: unknown): string[] | CallCount {
  if (value === SECRET) return { count: null, hidden: "secret" };
  // A provider plugin may carry calls as a list rather than as the dynamic resource's text.
  if (Array.isArray(value)) return value.map((call) => JSON.stringify(call));
  if (typeof value !== "string" || value === UNKNOWN) return { count: null, hidden: "unknown" };
  return value.split("\n").filter((line) => line.trim() !== "");
}

/** The count from the calls, or, while they are secret, from the plain `callCount` beside them. */
function countCalls(value: unknown, callCount: unknown): CallCount {
  const lines = callLines(value);
  if (Array.isArray(lines)) return { count: lines.length };
  return lines.hidden === "secret" && typeof callCount === "number" ? { count: callCount } : lines;
}

/**
 * The provider's review of a calls change (privacy/calls-review.ts), found in the preview's
 * diagnostics: against the resource's URN (the plugin's engine log), or naming its batch id (the
 * dynamic resource's stderr, which the engine shows without a URN).
 */
function callsReviewOf(
  diagnostics: PreviewJson["diagnostics"],
  urn: string,
  batchId: string | undefined,
): { added: number; removed: number; touched: string[] } | undefined {
  for (const { message = "", urn: at } of diagnostics) {
    if (at !== urn && (batchId === undefined || !message.includes(`batch ${batchId}: calls:`))) continue;
    const match = CALLS_REVIEW_LINE.exec(message);
    if (match === null) continue;
    const touched = (match[4] ?? "").split("; ").filter((entry) => entry.trim() !== "");
    return { added: Number(match[2]), removed: Number(match[3]), touched };
  }
  return undefined;
}

/**
 * The calls a batch declares: its `calls`, or for calls from a file (`callsFile`) the count its
 * check recorded from the very file (`callsFileCount`; docs/calls-from-file.md).
 */
function declaredCalls(inputs: Record<string, unknown>): CallCount {
  if (inputs.calls === undefined && typeof inputs.callsFileCount === "number") {
    return { count: inputs.callsFileCount };
  }
  return countCalls(inputs.calls, inputs.callCount);
}

/** The keys that say a file batch's calls changed: a new file, another path or another mapping. */
const CALLS_FILE_FIELDS = new Set(["callsFile", "callsFileDigest", "callsFilePath", "callsFileColumns"]);
/** Summary keys check derives from the file: they change with it, and say nothing of their own. */
const CALLS_FILE_DERIVED = new Set(["callsFileCount", "callsFileModes"]);

function kindOf(ops: Set<string>): ChangeKind {
  if (["replace", "create-replacement", "delete-replaced"].some((op) => ops.has(op))) return "replace";
  if (ops.has("create")) return "create";
  if (ops.has("delete")) return "delete";
  if (ops.has("update")) return "update";
  return "same";
}

const optionalString = (value: unknown) => (typeof value === "string" ? value : undefined);
const optionalNumber = (value: unknown) => (typeof value === "number" ? value : undefined);

function liveFacts(outputs: Record<string, unknown> | undefined): BatchChange["live"] {
  if (!outputs) return undefined;
  return {
    totalCount: optionalNumber(outputs.totalCount),
    completedCount: optionalNumber(outputs.completedCount),
    endedAt: optionalString(outputs.endedAt),
    paused: typeof outputs.paused === "boolean" ? outputs.paused : undefined,
  };
}

/** Top-level inputs whose values differ (the dynamic provider reports no per-field diff). */
function inputDifferences(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
}

function changedFields(
  steps: PreviewStep[],
  kind: ChangeKind,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): string[] {
  const reasons = new Set<string>();
  for (const step of steps) {
    const list =
      kind === "replace"
        ? step.replaceReasons
        : [...(step.diffReasons ?? []), ...Object.keys(step.detailedDiff ?? {})];
    for (const field of list ?? []) reasons.add(field.split(/[.[]/)[0] ?? field);
  }
  if (kind === "replace" && replacedOnRequest(steps)) return [];
  if (kind === "update" || reasons.size === 0)
    for (const field of inputDifferences(olds, news)) reasons.add(field);
  // A changed file is a changed list of calls (the re-dial gate and the summary read `calls`).
  const named = [...reasons].map((field) => (CALLS_FILE_FIELDS.has(field) ? "calls" : field));
  return [...new Set(named)]
    .filter((field) => !INTERNAL_FIELDS.has(field) && !CALLS_FILE_DERIVED.has(field))
    .sort();
}

/**
 * Why the change calls people again: a create of a batch the state held before this preview's
 * refresh (the refresh dropped it: deleted outside the program), any change but a delete of a
 * tombstone (it would be re-created), a replace (a changed field, or `pulumi up --replace`, whose
 * reason the engine gives as `id`).
 */
function redialReason(kind: ChangeKind, steps: PreviewStep[], tombstone?: string) {
  if (tombstone !== undefined && kind !== "delete" && kind !== "same") {
    return `it was deleted outside the program (refresh found it gone at ${tombstone}), and this plan creates it again`;
  }
  const refreshed = steps.find((step) => step.op === "refresh" && step.oldState);
  if (kind === "create" && refreshed) {
    return "the state held it before this preview's refresh, which found it gone (deleted outside the program?), and this plan creates it again";
  }
  if (kind === "replace") {
    return replacedOnRequest(steps) ? "it is replaced on request (`pulumi up --replace`)" : "it is replaced";
  }
  return undefined;
}

/** The id of the batch the state held (before any refresh), if a step shows it. */
function previousId(steps: PreviewStep[]): string | undefined {
  for (const step of steps) {
    const outputs = step.oldState?.outputs;
    const id = outputs?.batchId ?? step.oldState?.id;
    if (typeof id === "string" && id !== "") return id;
  }
  return undefined;
}

/** `pulumi up --replace` (or --target-replace): the engine's only replace reason is the id. */
function replacedOnRequest(steps: PreviewStep[]): boolean {
  const onlyId = (reasons: string[] | undefined) => reasons?.length === 1 && reasons[0] === "id";
  return steps.some(
    (step) => onlyId(step.replaceReasons) || (!step.replaceReasons?.length && onlyId(step.diffReasons)),
  );
}

function batchChange(
  urn: string,
  steps: PreviewStep[],
  diagnostics: PreviewJson["diagnostics"],
): BatchChange {
  const kind = kindOf(new Set(steps.map((step) => step.op)));
  // A preview's refresh step shows the state before the read; the step after it (same, update,
  // ...) holds the refreshed, live state as its old state.
  const planned = steps.filter((step) => step.op !== "refresh");
  const withOld = planned.find((step) => step.oldState) ?? steps.find((step) => step.oldState);
  const withNew = planned.find((step) => step.newState && !step.op.startsWith("delete"));
  const oldInputs = withOld?.oldState?.inputs ?? {};
  const declared = kind === "delete" ? oldInputs : (withNew?.newState?.inputs ?? {});
  const reviewed = kind === "update" ? callsReviewOf(diagnostics, urn, previousId(steps)) : undefined;
  const fields =
    kind === "same" || kind === "create" || kind === "delete"
      ? []
      : changedFields(steps, kind, oldInputs, declared);
  // Encrypted calls look the same on both sides; the provider's review says they changed.
  if (reviewed !== undefined && !fields.includes("calls")) fields.push("calls");
  fields.sort();
  const tombstone = steps
    .map((step) => step.oldState?.outputs?.deletedOutsideAt)
    .find((value): value is string => typeof value === "string");
  const refreshStep = steps.find((step) => step.op === "refresh");
  const redial = redialReason(kind, steps, tombstone);
  const change: BatchChange = {
    kind,
    name: urn.slice(urn.lastIndexOf("::") + 2),
    urn,
    calls: declaredCalls(declared),
    windowStart: optionalString(declared.windowStart),
    windowEnd: optionalString(declared.windowEnd),
    fields,
    live: liveFacts(withOld?.oldState?.outputs),
    ...(refreshStep?.oldState?.outputs
      ? { recorded: { totalCount: optionalNumber(refreshStep.oldState.outputs.totalCount) } }
      : {}),
    ...(redial === undefined ? {} : { redial }),
    ...(tombstone === undefined ? {} : { deletedOutsideAt: tombstone }),
    ...(redial !== undefined && kind !== "replace" && previousId(steps)
      ? { redialOf: previousId(steps) }
      : {}),
    ...(kind === "delete" && withOld?.oldState?.retainOnDelete === true ? { leftRunning: true } : {}),
    values: Object.fromEntries(
      fields.map((field) => [field, { live: oldInputs[field], declared: declared[field] }]),
    ),
  };
  if (kind === "update" && fields.includes("calls") && declared.calls !== undefined) {
    const before = callLines(oldInputs.calls);
    const after = callLines(declared.calls);
    if (Array.isArray(before) && Array.isArray(after)) {
      const old = new Set(before);
      const next = new Set(after);
      change.callsAdded = after.filter((line) => !old.has(line)).length;
      change.callsRemoved = before.filter((line) => !next.has(line)).length;
    }
    if (reviewed !== undefined) {
      change.callsAdded = reviewed.added;
      change.callsRemoved = reviewed.removed;
      change.callsTouched = reviewed.touched;
    }
  }
  return change;
}

const stepType = (step: PreviewStep) => step.newState?.type ?? step.oldState?.type ?? "";

/** One entry per scheduled batch the preview touches, in the preview's order. */
export function batchChanges(preview: PreviewJson): BatchChange[] {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of preview.steps) {
    if (!BATCH_TYPES.has(stepType(step))) continue;
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  return [...byUrn].map(([urn, steps]) => batchChange(urn, steps, preview.diagnostics));
}

/**
 * Why a person must approve the change before it is applied, or undefined: it calls people again
 * (a re-create, a replace), stops a campaign (a delete), or leaves one running with nobody
 * managing it (a delete under retainOnDelete). Forgetting a tombstone sends nothing and stops
 * nothing, so it needs no approval.
 */
export function approvalReason(change: BatchChange): string | undefined {
  if (change.redial !== undefined) return `its people are called again: ${change.redial}`;
  if (change.kind === "delete" && change.leftRunning) {
    return "it is left running, unmanaged (retainOnDelete: true): nothing is sent, and nobody can pause it from git";
  }
  if (change.kind === "delete" && change.deletedOutsideAt === undefined) return "the campaign stops";
  return undefined;
}
