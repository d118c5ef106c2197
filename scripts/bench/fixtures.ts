import type { ScheduledBatchArgs, ScheduledCall } from "pulumi-ultravox";

/**
 * The batches every section measures: webRtc calls (so a webhook is allowed and required), each
 * with a little metadata and template context, the size of a typical CRM export row.
 */

export const AGENT_ID = "11111111-2222-4333-8444-555555555555";
export const API_KEY = "benchkey.abcdefghijklmnopqrstuvwxyz012345";

const DAY_MS = 24 * 3600 * 1000;

/** An instant `days` from now (rounded to whole seconds), in the provider's canonical spelling. */
export function isoDaysFromNow(days: number, nowMs: number = Date.now()): string {
  const ms = Math.floor(nowMs / 1000) * 1000 + days * DAY_MS;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

export function makeCall(index: number): ScheduledCall {
  const id = String(index).padStart(6, "0");
  return {
    medium: { webRtc: {} },
    metadata: { customer: `cust-${id}`, segment: index % 2 === 0 ? "renewal" : "winback" },
    templateContext: { firstName: `Name${id}`, plan: "pro" },
  };
}

export function makeCalls(count: number): ScheduledCall[] {
  return Array.from({ length: count }, (_, i) => makeCall(i));
}

/** A batch's declared arguments: a window a day out, a webhook and its secret, `count` calls. */
export function batchArgs(
  count: number,
  nowMs: number = Date.now(),
): ScheduledBatchArgs & {
  calls: ScheduledCall[];
  windowStart: string;
  windowEnd: string;
  webhookUrl: string;
  webhookSecret: string;
} {
  return {
    agentId: AGENT_ID,
    windowStart: isoDaysFromNow(1, nowMs),
    windowEnd: isoDaysFromNow(2, nowMs),
    webhookUrl: "https://hooks.example.com/ultravox/calls",
    webhookSecret: "whsec-bench-0123456789abcdef",
    throttle: "default",
    calls: makeCalls(count),
  };
}

/** Bytes of a value as JSON on the wire (UTF-8). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
