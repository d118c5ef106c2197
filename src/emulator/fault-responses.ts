// The answers given for injected status faults.
import { type ApiResponse, json } from "./http-io";
import type { FaultSpec } from "./types";

const DETAILS: Record<number, string> = {
  429: "Request was throttled.",
  500: "A server error occurred.",
  502: "Bad gateway.",
  503: "Service temporarily unavailable.",
  504: "Gateway timeout.",
};

export function statusFaultResponse(fault: Extract<FaultSpec, { kind: "status" }>): ApiResponse {
  // 429 and 503 always carry Retry-After (the docs say both do); default one second.
  const retryAfter = fault.retryAfter ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined);
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
  return json(fault.status, { detail: DETAILS[fault.status] }, headers);
}
