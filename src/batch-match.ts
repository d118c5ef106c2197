/**
 * Does a listed batch look like the one a create request asked for? Used only after a POST that may
 * have acted, to recognise the batch it made: every setting the request fixed must match, and the
 * batch must have been created no earlier than `notBeforeMs` (on the service's clock).
 */
import type { BatchResponse } from "./api-types";
import { isPlainObject } from "./canonical";
import { compareTimestamps } from "./timestamp";

export function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function sameInstant(requested: unknown, actual: string | null | undefined): boolean {
  const wanted = optionalString(requested);
  // The service may fill in a default window when none was sent; any value is then acceptable.
  if (wanted === null) return true;
  if (actual === null || actual === undefined) return false;
  return compareTimestamps(wanted, actual) === 0;
}

/** Deep equality, key-order-insensitive; null, undefined and `{}` count as "nothing". */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === null || v === undefined || (isPlainObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // The service may redact passwords it echoes back; do not let that defeat the match.
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key !== "password"));
    for (const key of keys) if (!sameValue(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

export function sameCall(requested: unknown, actual: Record<string, unknown>): boolean {
  if (!isPlainObject(requested)) return false;
  return (["medium", "metadata", "templateContext"] as const).every((key) =>
    sameValue(requested[key], actual[key]),
  );
}

export function matchesRequest(
  batch: BatchResponse,
  body: Record<string, unknown>,
  notBeforeMs: number,
): boolean {
  const calls = Array.isArray(body.calls) ? body.calls : [];
  if (batch.totalCount !== calls.length) return false;
  if (!sameInstant(body.windowStart, batch.windowStart)) return false;
  if (!sameInstant(body.windowEnd, batch.windowEnd)) return false;
  if ((body.paused === true) !== (batch.paused === true)) return false;
  if (optionalString(body.webhookUrl) !== optionalString(batch.webhookUrl)) return false;
  if (optionalString(body.throttle) !== optionalString(batch.throttle)) return false;
  const secret = optionalString(body.webhookSecret);
  if (secret !== null && secret !== optionalString(batch.webhookSecret)) return false;
  const sinceNotBefore = compareTimestamps(batch.created, new Date(notBeforeMs).toISOString());
  return sinceNotBefore !== undefined && sinceNotBefore >= 0;
}
