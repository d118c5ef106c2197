/**
 * Does a listed batch look like the one a create request asked for? Used only after a POST that may
 * have acted, to recognise the batch it made. What "the same" means for each field comes from the
 * field table (batch-fields.ts); how recent the batch must be is decided here: created no earlier
 * than `notBeforeMs` (on the service's clock).
 */
import type { BatchResponse } from "./api-types";
import {
  BODY_FIELDS,
  OUTPUT_FIELD_NAMES,
  OUTPUT_FIELDS,
  type OutputFieldSpec,
  INPUT_SPECS as SPECS,
} from "./batch-fields";
import { deepEqual } from "./canonical";
import { comparable } from "./field-rules";
import { compareTimestamps } from "./timestamp";

export function matchesRequest(
  batch: BatchResponse,
  body: Record<string, unknown>,
  notBeforeMs: number,
): boolean {
  if (!matchesCreateRequest(batch, body)) return false;
  const sinceNotBefore = compareTimestamps(batch.created, new Date(notBeforeMs).toISOString());
  return sinceNotBefore !== undefined && sinceNotBefore >= 0;
}

const absent = (v: unknown) => v === undefined || v === null || v === "";

/**
 * True when `batch` holds what the POST `body` asked for, field by field as the table declares:
 * instants compared as instants, an omitted field with a default must hold the default, one the
 * server chooses or may fill is not compared, a write-only list by the count the service reports.
 * (How recent the batch must be is safe-create's concern, not a field's.)
 */
export function matchesCreateRequest(batch: BatchResponse, body: Record<string, unknown>): boolean {
  const live = batch as Record<string, unknown>;
  for (const field of BODY_FIELDS) {
    const spec = SPECS[field];
    if (spec.writeOnly) continue;
    const wanted = body[field];
    const actual = live[field];
    if (absent(wanted)) {
      if (spec.serverChosen || spec.serverMayFill) continue;
      if (!deepEqual(comparable(field, absent(actual) ? undefined : actual), comparable(field, undefined))) {
        return false;
      }
    } else if (spec.instant) {
      if (typeof wanted !== "string" || typeof actual !== "string") return false;
      if (compareTimestamps(wanted, actual) !== 0) return false;
    } else if (!deepEqual(comparable(field, wanted), comparable(field, actual))) {
      return false;
    }
  }
  for (const output of OUTPUT_FIELD_NAMES) {
    const counted = (OUTPUT_FIELDS[output] as OutputFieldSpec).counts;
    if (counted === undefined) continue;
    const items = body[counted];
    if (live[output] !== (Array.isArray(items) ? items.length : 0)) return false;
  }
  return true;
}

// The one comparison of listed calls (call-lists.ts), under the names create-matching uses.
export { sameCall as matchesRequestedCall, sameCall } from "./call-lists";
