import type { BatchResponse } from "./client";
import { type BatchArgs, MUTABLE_FIELDS } from "./schema";
import { canonicalTimestamp } from "./timestamp";

/** What the engine stores as a batch's outputs: the applied inputs plus what only the server knows. */
export type BatchOutputs = BatchArgs & {
  batchId: string;
  created: string;
  totalCount: number;
  completedCount: number;
  endedAt?: string;
  webhookSecret?: string;
  /** True when the program never set `webhookSecret`, so the one in state is the server's choice. */
  webhookSecretChosenByServer: boolean;
};

/** The POST body for a batch: the declared fields the API accepts (agentId travels in the path). */
export function createBody(args: BatchArgs): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of MUTABLE_FIELDS) {
    if (args[field] !== undefined) body[field] = args[field];
  }
  return body;
}

/** Pulumi's gRPC Struct cannot hold `undefined`: drop such keys. */
function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Outputs after a create or update: applied inputs, the server's counters, the secret in use. */
export function outputsFor(
  args: BatchArgs,
  batch: BatchResponse,
  secretChosenByServer: boolean,
): BatchOutputs {
  return definedOnly({
    ...args,
    batchId: batch.batchId,
    created: batch.created,
    totalCount: batch.totalCount,
    completedCount: batch.completedCount,
    endedAt: batch.endedAt ?? undefined,
    webhookSecret: batch.webhookSecret ?? args.webhookSecret,
    webhookSecretChosenByServer: secretChosenByServer,
  });
}

/** Timestamps from the server in our canonical form (UTC, `Z`, no zero fraction). */
function canonicalInstant(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return canonicalTimestamp(value) ?? value;
}

/**
 * The inputs the live batch implies, for refresh: API-readable fields come from the server so drift
 * shows in the next preview; write-only ones (`calls`) and our own (`agentId`, `adoptBatchId`) are kept.
 */
export function inputsFromLive(
  olds: BatchArgs & Pick<BatchOutputs, "webhookSecretChosenByServer">,
  live: BatchResponse,
): BatchArgs {
  return definedOnly({
    agentId: olds.agentId,
    adoptBatchId: olds.adoptBatchId,
    calls: olds.calls,
    windowStart: canonicalInstant(live.windowStart),
    windowEnd: canonicalInstant(live.windowEnd),
    // `paused` absent means false; keep it absent unless the program or the server says otherwise.
    paused: live.paused === true || olds.paused !== undefined ? live.paused === true : undefined,
    webhookUrl: live.webhookUrl ?? undefined,
    throttle: live.throttle ?? undefined,
    webhookSecret: olds.webhookSecretChosenByServer ? undefined : (live.webhookSecret ?? undefined),
  }) as BatchArgs;
}
