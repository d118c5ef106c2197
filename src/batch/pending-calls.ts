/**
 * The calls a stopped batch will never place: what the do-not-call pattern carries into a new batch
 * (docs/campaign-patterns.md). One GET of the batch, then its `/scheduled_calls` listing.
 *
 * Only `FUTURE` items are carried: a `PENDING` one was being placed when the batch stopped (it may
 * ring), and `SUCCESS`, `ERROR` and `EXPIRED` ones are done. The batch must be paused or ended:
 * a running batch goes on placing the calls listed here, and a new batch would place them again.
 */
import { z } from "zod";
import { isPlainObject } from "../json/plain-object";
import { callFromListing } from "./call-fields";
import { isRedacted } from "./call-lists";
import type { UltravoxClient } from "./client";
import { passwordValues } from "./password-paths";
import type { ScheduledCall } from "./schema";

/** The statuses the API documents (reference §3.4), in its order. */
export const CALL_STATUSES = ["FUTURE", "PENDING", "SUCCESS", "EXPIRED", "ERROR"] as const;

export const pendingCallsArgsSchema = z.strictObject({
  agentId: z.uuid({ message: "must be the agent's id (a UUID)" }),
  batchId: z.uuid({ message: "must be the batch's id (a UUID)" }),
  /** Numbers (or SIP addresses) whose calls are left out: the people who asked not to be called. */
  excludeTo: z.array(z.string().min(1, "must not be empty")).optional(),
});

export type PendingCallsArgs = z.infer<typeof pendingCallsArgsSchema>;

export interface PendingCalls {
  /** The calls still to be placed, minus the excluded ones, in the shape of a batch's `calls` input. */
  calls: ScheduledCall[];
  /** How many of the still-to-be-placed calls `excludeTo` left out. */
  excludedCount: number;
  /** How many of the batch's calls are in each status (every documented one present, others as listed). */
  statusCounts: Record<string, number>;
}

/** The args checked, with each failure named by its path (`excludeTo[1]`), before any request. */
export function parsePendingCallsArgs(args: unknown): PendingCallsArgs {
  const parsed = pendingCallsArgsSchema.safeParse(args);
  if (parsed.success) return parsed.data;
  const failures = parsed.error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    return `${path.replace(/^\./, "") || "(args)"}: ${issue.message}`;
  });
  throw new Error(`getPendingCalls: ${failures.join("; ")}`);
}

/** The `to` of a call's outgoing medium (twilio, telnyx, plivo, sip), if it has one. */
function outgoingTo(call: Record<string, unknown>): string | undefined {
  const medium = call.medium;
  if (!isPlainObject(medium)) return undefined;
  for (const carrier of Object.values(medium)) {
    if (!isPlainObject(carrier) || !isPlainObject(carrier.outgoing)) continue;
    const to = carrier.outgoing.to;
    if (typeof to === "string") return to;
  }
  return undefined;
}

/** A number or address in one form: a phone number's punctuation dropped, anything else lower case. */
function addressKey(address: string): string {
  const trimmed = address.trim();
  return /^\+?[\d\s().-]+$/.test(trimmed) ? trimmed.replace(/[\s().-]/g, "") : trimmed.toLowerCase();
}

/** Refuses a batch that may still dial: its pending calls would be placed twice. */
function requireStopped(batch: { paused?: boolean | null; endedAt?: string | null }, batchId: string): void {
  if (batch.paused === true || (typeof batch.endedAt === "string" && batch.endedAt !== "")) return;
  throw new Error(
    `getPendingCalls: batch ${batchId} is neither paused nor ended, so it may still place the calls it lists ` +
      "as pending, and a new batch would place them again. Pause it first (`paused: true` on its resource, " +
      "then `pulumi up`), then read its pending calls.",
  );
}

/**
 * The pending calls of a paused or ended batch, without the calls to `excludeTo`. Throws, naming no
 * number, when an `excludeTo` entry matches no call of the batch (a typo would call the person), or
 * when a pending SIP call's password is hidden in the listing (the new batch could not place it).
 */
export async function readPendingCalls(
  client: UltravoxClient,
  args: PendingCallsArgs,
): Promise<PendingCalls> {
  const { agentId, batchId } = args;
  requireStopped(await client.getBatch(agentId, batchId), batchId);
  const excluded = new Map((args.excludeTo ?? []).map((to, index) => [addressKey(to), index]));
  const matched = new Set<number>();
  const statusCounts: Record<string, number> = Object.fromEntries(CALL_STATUSES.map((status) => [status, 0]));
  const calls: ScheduledCall[] = [];
  let excludedCount = 0;
  let position = 0;
  for await (const item of client.listScheduledCalls(agentId, batchId, { pageSize: 100 })) {
    const status = typeof item.status === "string" ? item.status : "UNKNOWN";
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    const call = callFromListing(item);
    const to = outgoingTo(call);
    const exclusion = to === undefined ? undefined : excluded.get(addressKey(to));
    if (exclusion !== undefined) matched.add(exclusion);
    if (status === "FUTURE") {
      if (exclusion !== undefined) excludedCount += 1;
      else {
        if (passwordValues(call).some((value) => typeof value === "string" && isRedacted(value))) {
          throw new Error(
            `getPendingCalls: pending call ${position} of batch ${batchId} is listed with its SIP password hidden, ` +
              "so a new batch could not place it; carry such calls over by hand with their passwords.",
          );
        }
        calls.push(call as ScheduledCall);
      }
    }
    position += 1;
  }
  const unmatched = [...excluded.values()].filter((index) => !matched.has(index));
  if (unmatched.length > 0) {
    throw new Error(
      `getPendingCalls: ${unmatched.map((index) => `excludeTo[${index}]`).join(", ")} matches no call of batch ` +
        `${batchId} (numbers are not shown here). Check it: a mistyped number would leave that person's call ` +
        "in the new batch. Remove it from excludeTo if that person is not in this batch.",
    );
  }
  return { calls, excludedCount, statusCounts };
}
