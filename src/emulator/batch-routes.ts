// The batch API: the seven endpoints under /api/agents/{agent_id}/scheduled_batches.
import { randomUUID } from "node:crypto";
import { webhookRuleErrors, windowRuleErrors } from "./batch-rules";
import { type EmulatorContext, generateWebhookSecret, UUID_PATTERN } from "./context";
import { type ApiResponse, json, notFound } from "./http-io";
import type { JsonObject, ScheduledCallStatus, StoredBatch, StoredCall } from "./model";
import { pageResponse } from "./pagination";
import { progressToNow } from "./progress";
import { batchView, createdCallView, scheduledCallView } from "./representation";
import type { Route, RouteRequest } from "./route";
import { type ErrorBody, validateBatchBody } from "./validation";

const ROUTE =
  /^\/api\/agents\/([^/]+)\/scheduled_batches(?:\/([^/]+)(?:\/(created_calls|scheduled_calls))?)?$/;
const STATUSES: ScheduledCallStatus[] = ["FUTURE", "PENDING", "SUCCESS", "EXPIRED", "ERROR"];

/** The route for a batch path, or null when the path is not one (non-uuid ids are not paths: 404). */
export function batchRoute(ctx: EmulatorContext, pathname: string): Route | null {
  const match = ROUTE.exec(pathname);
  if (!match) return null;
  const [, agentId = "", batchId, subresource] = match;
  if (!UUID_PATTERN.test(agentId) || (batchId !== undefined && !UUID_PATTERN.test(batchId))) return null;
  return {
    allowed: batchId === undefined ? ["GET", "POST"] : subresource ? ["GET"] : ["GET", "PATCH", "DELETE"],
    visible: ctx.agents.exists(agentId, ctx.options.agents),
    handle: (context, req) => answerBatch(context, req, agentId, batchId, subresource),
  };
}

function answerBatch(
  ctx: EmulatorContext,
  req: RouteRequest,
  agentId: string,
  batchId: string | undefined,
  subresource: string | undefined,
): ApiResponse {
  const { body, nowMs } = req;
  if (batchId === undefined) {
    return req.method === "POST"
      ? createBatch(ctx, agentId, body, nowMs)
      : listBatches(ctx, agentId, req.url);
  }
  const batch = ctx.store.find(agentId, batchId);
  if (!batch) return notFound();
  if (subresource === "scheduled_calls") return listScheduledCalls(batch, req.url);
  if (subresource === "created_calls") {
    return pageResponse(
      batch.createdCalls.map((call) => createdCallView(batch, call)),
      req.url,
    );
  }
  if (req.method === "PATCH") return patchBatch(ctx, batch, body, nowMs);
  if (req.method === "DELETE") {
    ctx.store.remove(batch);
    return json(204);
  }
  return json(200, batchView(batch));
}

function listBatches(ctx: EmulatorContext, agentId: string, url: URL): ApiResponse {
  return pageResponse(ctx.store.listForAgent(agentId).map(batchView), url);
}

function listScheduledCalls(batch: StoredBatch, url: URL): ApiResponse {
  const status = url.searchParams.get("status");
  if (status !== null && status !== "" && !(STATUSES as string[]).includes(status)) {
    return json(400, { status: [`Select a valid choice. ${status} is not one of the available choices.`] });
  }
  const calls = batch.calls.filter((call) => !status || call.status === status);
  return pageResponse(
    calls.map((call) => scheduledCallView(batch, call)),
    url,
  );
}

function freshCalls(items: JsonObject[]): StoredCall[] {
  return items.map((received) => ({ received, status: "FUTURE", callId: null, error: null }));
}

function createBatch(ctx: EmulatorContext, agentId: string, body: unknown, nowMs: number): ApiResponse {
  const validated = validateBatchBody(body, "create");
  if (!validated.ok) return json(400, validated.errors);
  const input = validated.input;
  const bound = boundThrottle(ctx, input.throttle ?? null);
  if ("errors" in bound) return json(400, bound.errors);
  const calls = input.calls ?? [];
  const webhookUrl = input.webhookUrl ?? null;
  const ruleErrors =
    webhookRuleErrors(calls, webhookUrl) ??
    windowRuleErrors(input.windowStart ?? null, input.windowEnd ?? null, nowMs, ctx.options.minWindowSeconds);
  if (ruleErrors) return json(400, ruleErrors);

  const batch: StoredBatch = {
    agentId,
    batchId: randomUUID(),
    created: new Date(nowMs).toISOString(),
    windowStart: input.windowStart ?? null,
    windowEnd: input.windowEnd ?? null,
    throttle: input.throttle ?? null,
    throttleId: bound.throttleId,
    webhookUrl,
    webhookSecret: input.webhookSecret ?? generateWebhookSecret(),
    paused: input.paused ?? false,
    endedAt: null,
    calls: freshCalls(calls),
    createdCalls: [],
    progressedUntilMs: nowMs,
    dialCredit: 0,
  };
  ctx.store.add(batch);
  return json(201, batchView(batch));
}

function patchBatch(ctx: EmulatorContext, batch: StoredBatch, body: unknown, nowMs: number): ApiResponse {
  const validated = validateBatchBody(body, "patch");
  if (!validated.ok) return json(400, validated.errors);
  const input = validated.input;
  const bound = input.throttle === undefined ? null : boundThrottle(ctx, input.throttle);
  if (bound !== null && "errors" in bound) return json(400, bound.errors);

  if (input.paused === false && batch.paused && ctx.options.pausedResume === "reject") {
    return json(400, { paused: ["A paused batch cannot be resumed."] });
  }
  if (
    input.calls !== undefined &&
    ctx.options.patchCalls === "reject-after-start" &&
    batch.calls.some((call) => call.status !== "FUTURE")
  ) {
    return json(400, { calls: ["Calls cannot be changed once the batch has started placing calls."] });
  }

  // Cross-field rules are checked against the batch as it would be after this PATCH.
  const calls = input.calls ?? batch.calls.map((call) => call.received);
  const webhookUrl = input.webhookUrl !== undefined ? input.webhookUrl : batch.webhookUrl;
  const windowStart = input.windowStart !== undefined ? input.windowStart : batch.windowStart;
  const windowEnd = input.windowEnd !== undefined ? input.windowEnd : batch.windowEnd;
  const windowChanged = input.windowStart !== undefined || input.windowEnd !== undefined;
  const ruleErrors =
    webhookRuleErrors(calls, webhookUrl) ??
    (windowChanged ? windowRuleErrors(windowStart, windowEnd, nowMs, ctx.options.minWindowSeconds) : null);
  if (ruleErrors) return json(400, ruleErrors);

  batch.windowStart = windowStart;
  batch.windowEnd = windowEnd;
  batch.webhookUrl = webhookUrl;
  if (input.throttle !== undefined && bound !== null) {
    batch.throttle = input.throttle;
    batch.throttleId = bound.throttleId;
  }
  if (input.webhookSecret !== undefined) batch.webhookSecret = input.webhookSecret ?? generateWebhookSecret();
  if (input.paused !== undefined) batch.paused = input.paused;
  if (input.calls !== undefined) {
    batch.calls = freshCalls(input.calls);
    batch.endedAt = null;
    batch.dialCredit = 0;
  }
  progressToNow(ctx, nowMs);
  ctx.store.dirty = true;
  return json(200, batchView(batch));
}

/**
 * The call throttle a batch's `throttle` (a name or an id) names, found when it is set: a throttle
 * renamed later still applies. One that names none is a 400 unless the emulator accepts that
 * (unknownThrottle "accept"): the docs are silent, and a careful service refuses what it cannot obey.
 */
function boundThrottle(
  ctx: EmulatorContext,
  throttle: string | null,
): { throttleId: string | null } | { errors: ErrorBody } {
  if (throttle === null) return { throttleId: null };
  const found = ctx.throttles.resolve(throttle);
  if (found !== undefined) return { throttleId: found.throttleId };
  if (ctx.options.unknownThrottle === "accept") return { throttleId: null };
  return {
    errors: { throttle: [`Call throttle "${throttle}" does not exist (give the name or id of one).`] },
  };
}
