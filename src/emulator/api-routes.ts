// The /api/ request pipeline shared by every resource: size cap, routing, auth, rate limit, 405,
// the lazy scheduler and JSON body parsing; then the resource's own route answers.
import type { IncomingHttpHeaders } from "node:http";
import { agentRoute } from "./agent-routes";
import { batchRoute } from "./batch-routes";
import { authFailure, type EmulatorContext } from "./context";
import { type ApiResponse, json, notFound, parseJson } from "./http-io";
import { progressToNow } from "./progress";
import type { Route } from "./route";
import { throttleRoute } from "./throttle-routes";

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

const METHODS_WITH_BODY = ["POST", "PUT", "PATCH"];

function findRoute(ctx: EmulatorContext, pathname: string): Route | null {
  return batchRoute(ctx, pathname) ?? agentRoute(ctx, pathname) ?? throttleRoute(pathname);
}

export function handleApi(ctx: EmulatorContext, req: ApiRequest): ApiOutcome {
  const plain = (response: ApiResponse): ApiOutcome => ({ response, fault: null });
  if (req.tooLarge) return plain(json(413, { detail: "Request body is too large (limit 32 MB)." }));

  const route = findRoute(ctx, req.url.pathname);
  if (route === null) return plain(notFound());

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

  if (!route.visible) return plain(notFound());
  if (!route.allowed.includes(req.method)) {
    return plain(
      json(
        405,
        { detail: `Method "${req.method}" not allowed.` },
        { Allow: [...route.allowed, "OPTIONS"].join(", ") },
      ),
    );
  }

  // Lazy scheduler: every request first sees the batches as they are at the virtual "now".
  const nowMs = ctx.clock.nowMs();
  progressToNow(ctx, nowMs);

  let body: unknown = null;
  if (METHODS_WITH_BODY.includes(req.method)) {
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

  return plain(route.handle(ctx, { method: req.method, url: req.url, body, nowMs }));
}
