// The call throttle API: /api/call_throttles (list, create) and /api/call_throttles/{throttle_id}
// (get, full replace, partial update, delete). Throttles belong to the account, not to an agent.
import { randomUUID } from "node:crypto";
import { type EmulatorContext, UUID_PATTERN } from "./context";
import { type ApiResponse, json, notFound } from "./http-io";
import type { StoredThrottle } from "./model";
import { pageResponse } from "./pagination";
import { throttleView } from "./representation";
import type { Route, RouteRequest } from "./route";
import { type ThrottleInput, validateThrottleBody } from "./throttle-validation";

const ROUTE = /^\/api\/call_throttles(?:\/([^/]+))?$/;

/** The route for a throttle path, or null when the path is not one (a non-uuid id is not a path: 404). */
export function throttleRoute(pathname: string): Route | null {
  const match = ROUTE.exec(pathname);
  if (!match) return null;
  const [, throttleId] = match;
  if (throttleId !== undefined && !UUID_PATTERN.test(throttleId)) return null;
  return {
    allowed: throttleId === undefined ? ["GET", "POST"] : ["GET", "PUT", "PATCH", "DELETE"],
    visible: true,
    handle: (ctx, req) => answerThrottle(ctx, req, throttleId),
  };
}

function answerThrottle(
  ctx: EmulatorContext,
  req: RouteRequest,
  throttleId: string | undefined,
): ApiResponse {
  if (throttleId === undefined) {
    if (req.method === "GET") return pageResponse(ctx.throttles.all().map(throttleView), req.url);
    return createThrottle(ctx, req.body, req.nowMs);
  }
  const throttle = ctx.throttles.find(throttleId);
  if (!throttle) return notFound();
  if (req.method === "DELETE") {
    // Batches naming it keep their `throttle` text and dial at the plain dial rate from now on.
    ctx.throttles.remove(throttle);
    return json(204);
  }
  if (req.method === "GET") return json(200, throttleView(throttle));
  return changeThrottle(ctx, throttle, req.body, req.method === "PUT" ? "full" : "partial");
}

function uniqueNameErrors(ctx: EmulatorContext, input: ThrottleInput, self?: StoredThrottle) {
  if (input.name === undefined || !ctx.throttles.nameTaken(input.name, self)) return null;
  return { name: ["call throttle with this name already exists."] };
}

function createThrottle(ctx: EmulatorContext, body: unknown, nowMs: number): ApiResponse {
  const validated = validateThrottleBody(body, "full");
  if (!validated.ok) return json(400, validated.errors);
  const nameErrors = uniqueNameErrors(ctx, validated.input);
  if (nameErrors) return json(400, nameErrors);
  const throttle: StoredThrottle = {
    throttleId: randomUUID(),
    created: new Date(nowMs).toISOString(),
    name: validated.input.name ?? "",
    rules: validated.input.rules ?? [],
    placedMs: [],
  };
  ctx.throttles.add(throttle);
  return json(201, throttleView(throttle));
}

/**
 * PUT ("full") and PATCH ("partial"); also the dashboard's edits (admin routes). New rules apply to
 * the next call placed: the calls already placed keep counting in their windows.
 */
export function changeThrottle(
  ctx: EmulatorContext,
  throttle: StoredThrottle,
  body: unknown,
  mode: "full" | "partial",
): ApiResponse {
  const validated = validateThrottleBody(body, mode);
  if (!validated.ok) return json(400, validated.errors);
  const nameErrors = uniqueNameErrors(ctx, validated.input, throttle);
  if (nameErrors) return json(400, nameErrors);
  if (validated.input.name !== undefined) throttle.name = validated.input.name;
  if (validated.input.rules !== undefined) throttle.rules = validated.input.rules;
  ctx.throttles.dirty = true;
  return json(200, throttleView(throttle));
}
