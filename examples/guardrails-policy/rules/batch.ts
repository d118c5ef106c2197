/**
 * A ScheduledBatch as a policy sees it, from either door: the dynamic resource (its inputs as the
 * provider's check returned them: `calls` is JSON Lines text, one call per line) or the provider
 * plugin (`calls` a list). A batch whose calls come from a file (`callsFile`) has no `calls`: the
 * policy reads the file its check recorded (calls-file.ts). Unset fields are absent.
 */
import { callsOfFile } from "./calls-file";

/** Type tokens of a ScheduledBatch: the dynamic resource's and the provider plugin's. */
export const BATCH_TYPES: readonly string[] = [
  "pulumi-nodejs:dynamic/ultravox:ScheduledBatch",
  "ultravox:index:ScheduledBatch",
];

export interface Batch {
  /** The calls, or a reason they could not be read. */
  calls: unknown[] | { unreadable: string };
  windowStart?: string;
  windowEnd?: string;
  /**
   * True when the batch is declared `paused: true` and the engine applies that declaration. Pausing
   * is one-way (the service cannot resume a batch, and the provider refuses un-pausing at
   * preview), so such a batch never dials again: the rules let it through, because pausing is the
   * emergency stop and must never be blocked. A `paused: true` under `ignoreChanges: ["paused"]`
   * may never reach the service, so it counts as not paused.
   */
  paused: boolean;
  webhookUrl?: string;
  hasWebhookSecret: boolean;
}

/** The calls of a batch's `calls` property: a list, or JSON Lines text (the dynamic resource). */
export function readCalls(calls: unknown): Batch["calls"] {
  if (Array.isArray(calls)) return calls;
  if (typeof calls !== "string") return { unreadable: "calls is neither a list nor JSON Lines text" };
  const lines = calls.split("\n").filter((line) => line.trim() !== "");
  const parsed: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      return { unreadable: `line ${index + 1} of calls is not JSON` };
    }
  }
  return parsed;
}

/** Whether `ignoreChanges` covers `paused` (the property itself, or every property with "*"). */
const ignoresPaused = (paths: readonly string[]) => paths.some((p) => p === "paused" || p === "*");

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The batch a resource declares, or undefined when the resource is not a ScheduledBatch.
 * `ignoreChanges` is the resource option's list (property paths the engine does not apply).
 */
export function batchOf(
  type: string,
  props: Record<string, unknown>,
  ignoreChanges: readonly string[] = [],
  baseDir?: string,
): Batch | undefined {
  if (!BATCH_TYPES.includes(type)) return undefined;
  const windowStart = text(props.windowStart);
  const windowEnd = text(props.windowEnd);
  const webhookUrl = text(props.webhookUrl);
  return {
    calls:
      props.calls === undefined && typeof props.callsFilePath === "string"
        ? callsOfFile(props.callsFilePath, props.callsFileColumns, baseDir)
        : readCalls(props.calls),
    ...(windowStart === undefined ? {} : { windowStart }),
    ...(windowEnd === undefined ? {} : { windowEnd }),
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
    paused: props.paused === true && !ignoresPaused(ignoreChanges),
    hasWebhookSecret: text(props.webhookSecret) !== undefined,
  };
}

/** How many calls the batch declares (undefined when its calls cannot be read). */
export function callCount(batch: Batch): number | undefined {
  return Array.isArray(batch.calls) ? batch.calls.length : undefined;
}
