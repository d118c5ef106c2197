/**
 * Does a listed batch look like the one a create request asked for? Used only after a POST that may
 * have acted, to recognise the batch it made. What "the same" means for each field comes from the
 * field table (batch-fields.ts); how recent the batch must be is decided here: created no earlier
 * than `notBeforeMs` (on the service's clock).
 */
import type { BatchResponse } from "./api-types";
import { matchesCreateRequest, matchesRequestedCall } from "./batch-fields";
import { compareTimestamps } from "./timestamp";

export { matchesRequestedCall as sameCall };

export function matchesRequest(
  batch: BatchResponse,
  body: Record<string, unknown>,
  notBeforeMs: number,
): boolean {
  if (!matchesCreateRequest(batch, body)) return false;
  const sinceNotBefore = compareTimestamps(batch.created, new Date(notBeforeMs).toISOString());
  return sinceNotBefore !== undefined && sinceNotBefore >= 0;
}
