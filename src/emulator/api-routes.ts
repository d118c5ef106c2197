// The batch API itself: routing, auth, validation and the seven endpoints under /api/agents/.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { webhookRuleErrors, windowRuleErrors } from "./batch-rules";
import { authFailure, type EmulatorContext, generateWebhookSecret, UUID_PATTERN } from "./context";
import { type ApiResponse, json, notFound, parseJson } from "./http-io";
import type { JsonObject, ScheduledCallStatus, StoredBatch, StoredCall } from "./model";
import { isPage, paginate } from "./pagination";
import { batchView, createdCallView, scheduledCallView } from "./representation";
import { progressBatch } from "./scheduler";
import { validateBatchBody } from "./validation";

export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  bodyText: string;
  tooLarge: boolean;
}

export interface ApiOutcome {
  response: ApiResponse;
  /** Set when the answer came from the steady rate limit. */
  fault: string | null;
}

const ROUTE =
  /^\/api\/agents\/([^/]+)\/scheduled_batches(?:\/([^/]+)(?:\/(created_calls|scheduled_calls))?)?$/;
const STATUSES: ScheduledCallStatus[] = ["FUTURE", "PENDING", "SUCCESS", "EXPIRED", "ERROR"];

export function handleApi(ctx: EmulatorContext, req: ApiRequest): ApiOutcome {
  const plain = (response: ApiResponse): ApiOutcome => ({ response, fault: null });
  if (req.tooLarge) return plain(json(413, { detail: "Request body is too large (limit 32 MB)." }));

  const match = ROUTE.exec(req.url.pathname);
  if (!match) return plain(notFound());
  const [, agentId = "", batchId, subresource] = match;
  if (!UUID_PATTERN.test(agentId) || (batchId !== undefined && !UUID_PATTERN.test(batchId))) {
    return plain(notFound());
  }

  const authError = authFailure(req.headers, ctx.apiKeys);
  if (authError !== null) return plain(json(401, { detail: authError }));

  const key = String(req.headers["x-api-key"] ?? req.headers["x-unsafe-api-key"]);
  const waitSeconds = ctx.rateLimiter.check(key);
  if (waitSeconds !== null) {
    const unit = waitSeconds === 1 ? "second" : "seconds";
    return {
      response: json(
        429,
        { detail: `Request was throttled. Expected available in ${waitSeconds} ${unit}.` },
        { "Retry-After": String(waitSeconds) },
      ),
      fault: "rate-limit",
    };
  }

  if (ctx.options.agents !== null && !ctx.options.agents.includes(agentId)) return plain(notFound());

  const allowed =
    batchId === undefined ? ["GET", "POST"] : subresource ? ["GET"] : ["GET", "PATCH", "DELETE"];
  if (!allowed.includes(req.method)) {
    return plain(
      json(
        405,
        { detail: `Method "${req.method}" not allowed.` },
        { Allow: [...allowed, "OPTIONS"].join(", ") },
      ),
    );
  }

  // Lazy scheduler: every request first sees the batches as they are at the virtual "now".
  const nowMs = ctx.clock.nowMs();
  ctx.store.progressAll(nowMs, ctx.options.dialRatePerSecond);

  let body: unknown = null;
  if (req.method === "POST" || req.method === "PATCH") {
    const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    // DRF: no Content-Type means the body is not parsed at all; a non-JSON type is a 415.
    if (mediaType !== "" && mediaType !== "application/json" && !mediaType.endsWith("+json")) {
      return plain(json(415, { detail: `Unsupported media type "${mediaType}" in request.` }));
    }
    const parsed = parseJson(mediaType === "" ? "" : req.bodyText);
    if (parsed !== null && !parsed.ok)
      return plain(json(400, { detail: `JSON parse error - ${parsed.message}` }));
    body = parsed === null ? {} : parsed.value;
  }

  if (batchId === undefined) {
    return plain(
      req.method === "POST" ? createBatch(ctx, agentId, body, nowMs) : listBatches(ctx, agentId, req.url),
    );
  }
  const batch = ctx.store.find(agentId, batchId);
  if (!batch) return plain(notFound());
  if (subresource === "scheduled_calls") return plain(listScheduledCalls(batch, req.url));
  if (subresource === "created_calls") {
    return plain(
      pageResponse(
        batch.createdCalls.map((call) => createdCallView(batch, call)),
        req.url,
      ),
    );
  }
  if (req.method === "PATCH") return plain(patchBatch(ctx, batch, body, nowMs));
  if (req.method === "DELETE") {
    ctx.store.remove(batch);
    return plain(json(204));
  }
  return plain(json(200, batchView(batch)));
}

function pageResponse<T>(items: T[], url: URL): ApiResponse {
  const page = paginate(items, url);
  return isPage(page) ? json(200, page) : page;
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
  if (input.throttle !== undefined) batch.throttle = input.throttle;
  if (input.webhookSecret !== undefined) batch.webhookSecret = input.webhookSecret ?? generateWebhookSecret();
  if (input.paused !== undefined) batch.paused = input.paused;
  if (input.calls !== undefined) {
    batch.calls = freshCalls(input.calls);
    batch.endedAt = null;
    batch.dialCredit = 0;
  }
  progressBatch(batch, nowMs, ctx.options.dialRatePerSecond);
  ctx.store.dirty = true;
  return json(200, batchView(batch));
}
