/**
 * Does a listed batch hold what a create request asked for, field by field and call by call? What
 * "the same" means for each field comes from the field table (batch-fields.ts). (Whose batch it is
 * after a lost create is decided by the create token, create-token.ts, not by these comparisons.)
 */
import type { BatchResponse } from "./api-types";
import {
  BODY_FIELDS,
  CALL_FIELDS,
  OUTPUT_FIELD_NAMES,
  OUTPUT_FIELDS,
  type OutputFieldSpec,
  INPUT_SPECS as SPECS,
} from "./batch-fields";
import { deepEqual, isPlainObject } from "./canonical";
import { comparable } from "./field-rules";
import { compareTimestamps } from "./timestamp";

/** Deep equality, key-order-insensitive; null, undefined and `{}` count as "nothing"; passwords ignored. */
function sameEcho(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === null || v === undefined || (isPlainObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameEcho(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // The service may redact passwords it echoes back; do not let that defeat the match.
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key !== "password"));
    for (const key of keys) if (!sameEcho(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

/** True when a listed call is the requested one, in every field CALL_FIELDS marks as matched. */
export function matchesRequestedCall(requested: unknown, listed: Record<string, unknown>): boolean {
  if (!isPlainObject(requested)) return false;
  return (Object.keys(CALL_FIELDS) as (keyof typeof CALL_FIELDS)[])
    .filter((key) => CALL_FIELDS[key].matched)
    .every((key) => sameEcho(requested[key], listed[key]));
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

export { matchesRequestedCall as sameCall };
