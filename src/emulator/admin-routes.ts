// /_emulator/ control API for tests and scripts: journal, clock, faults, rate limit, options, reset.
// These paths are never faulted, rate limited or journaled, but still need an API key.
import type { IncomingHttpHeaders } from "node:http";
import { handleThrottleAdmin } from "./admin-throttles";
import { authFailure, type EmulatorContext, UUID_PATTERN } from "./context";
import { parseFaultSpec } from "./faults";
import { type ApiResponse, json, notFound, parseJson } from "./http-io";
import { isPlainObject } from "./json";
import { progressToNow } from "./progress";
import type { BehaviourOptions } from "./types";

const BATCH_CALLS_ROUTE = /^\/_emulator\/agents\/([^/]+)\/batches\/([^/]+)\/calls$/;

export function handleAdmin(
  ctx: EmulatorContext,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  bodyText: string,
): ApiResponse {
  const authError = authFailure(headers, ctx.apiKeys);
  if (authError !== null) return json(401, { detail: authError });
  const parsed = parseJson(bodyText);
  if (parsed !== null && !parsed.ok) return json(400, { detail: `JSON parse error - ${parsed.message}` });
  const body = parsed?.value ?? {};
  const route = `${method} ${url.pathname}`;

  switch (route) {
    case "GET /_emulator/journal":
      return json(200, { entries: ctx.journal.list() });
    case "DELETE /_emulator/journal":
      ctx.journal.clear();
      return json(204);
    case "GET /_emulator/clock":
      return json(200, { now: ctx.clock.nowIso() });
    case "POST /_emulator/clock/advance":
      return advanceClock(ctx, body);
    case "POST /_emulator/faults": {
      const spec = parseFaultSpec(body);
      if (typeof spec === "string") return json(400, { detail: spec });
      return json(201, { id: ctx.faults.add(spec) });
    }
    case "GET /_emulator/faults":
      return json(200, { faults: ctx.faults.list() });
    case "DELETE /_emulator/faults":
      ctx.faults.clear();
      return json(204);
    case "PUT /_emulator/rate-limit": {
      const rps = isPlainObject(body) ? body.requestsPerSecond : undefined;
      if (!(rps === null || (typeof rps === "number" && rps > 0))) {
        return json(400, { detail: "requestsPerSecond must be a positive number or null." });
      }
      ctx.rateLimiter.set(rps);
      return json(200, { requestsPerSecond: rps });
    }
    case "GET /_emulator/options":
      return json(200, optionsView(ctx));
    case "PATCH /_emulator/options":
      return patchOptions(ctx, body);
    case "POST /_emulator/reset":
      ctx.store.clear();
      ctx.throttles.clear();
      ctx.agents.clear();
      ctx.journal.clear();
      ctx.faults.clear();
      ctx.rateLimiter.set(null);
      ctx.persist();
      return json(204);
  }

  const throttleAnswer = handleThrottleAdmin(ctx, method, url.pathname, body);
  if (throttleAnswer !== null) return throttleAnswer;
  const callsMatch = BATCH_CALLS_ROUTE.exec(url.pathname);
  if (callsMatch && method === "GET") {
    const [, agentId = "", batchId = ""] = callsMatch;
    if (!UUID_PATTERN.test(agentId) || !UUID_PATTERN.test(batchId)) return notFound();
    const batch = ctx.store.find(agentId, batchId);
    if (!batch) return notFound();
    return json(200, { calls: batch.calls.map((call) => call.received) });
  }
  return notFound();
}

function advanceClock(ctx: EmulatorContext, body: unknown): ApiResponse {
  const seconds = isPlainObject(body) ? body.seconds : undefined;
  // Time never runs backwards: the scheduler's bookkeeping assumes a monotonic clock.
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    return json(400, { detail: "seconds must be a non-negative number." });
  }
  ctx.clock.advance(seconds);
  progressToNow(ctx);
  ctx.store.dirty = true;
  ctx.persist();
  return json(200, { now: ctx.clock.nowIso() });
}

function optionsView(ctx: EmulatorContext) {
  return {
    ...ctx.options,
    clock: ctx.clock.snapshot().mode,
    rateLimitPerSecond: ctx.rateLimiter.get(),
  };
}

function patchOptions(ctx: EmulatorContext, body: unknown): ApiResponse {
  if (!isPlainObject(body)) return json(400, { detail: "Expected a JSON object." });
  const next: BehaviourOptions = { ...ctx.options };
  const errors: Record<string, string[]> = {};
  const { minWindowSeconds, dialRatePerSecond, pausedResume, patchCalls, unknownThrottle, agents } = body;
  if (minWindowSeconds !== undefined) {
    if (typeof minWindowSeconds === "number" && minWindowSeconds >= 0)
      next.minWindowSeconds = minWindowSeconds;
    else errors.minWindowSeconds = ["Must be a non-negative number."];
  }
  if (dialRatePerSecond !== undefined) {
    if (typeof dialRatePerSecond === "number" && dialRatePerSecond >= 0)
      next.dialRatePerSecond = dialRatePerSecond;
    else errors.dialRatePerSecond = ["Must be a non-negative number."];
  }
  if (pausedResume !== undefined) {
    if (pausedResume === "reject" || pausedResume === "resume") next.pausedResume = pausedResume;
    else errors.pausedResume = ['Must be "reject" or "resume".'];
  }
  if (patchCalls !== undefined) {
    if (patchCalls === "reject-after-start" || patchCalls === "replace") next.patchCalls = patchCalls;
    else errors.patchCalls = ['Must be "reject-after-start" or "replace".'];
  }
  if (unknownThrottle !== undefined) {
    if (unknownThrottle === "reject" || unknownThrottle === "accept") next.unknownThrottle = unknownThrottle;
    else errors.unknownThrottle = ['Must be "reject" or "accept".'];
  }
  if (agents !== undefined) {
    if (agents === null || (Array.isArray(agents) && agents.every((agent) => typeof agent === "string"))) {
      next.agents = agents as string[] | null;
    } else errors.agents = ["Must be a list of agent ids or null."];
  }
  if (Object.keys(errors).length > 0) return json(400, errors);
  // Bring batches up to date under the old dial rate before the new one applies.
  progressToNow(ctx);
  Object.assign(ctx.options, next);
  ctx.store.dirty = true;
  ctx.persist();
  return json(200, optionsView(ctx));
}
