// Hand-written field validation of batch bodies, producing DRF-style error maps.
// Deliberately independent of the provider's schemas: the emulator must catch the provider's mistakes.
import { isPlainObject, pythonTypeName } from "./json";
import { mediumErrors } from "./medium";
import type { JsonObject } from "./model";

export type ErrorBody = { [field: string]: unknown };

/** The writable fields that were present in a (valid) body; timestamps normalized to UTC. */
export interface BatchInput {
  calls?: JsonObject[];
  windowStart?: string | null;
  windowEnd?: string | null;
  throttle?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  paused?: boolean;
}

export type Validated = { ok: true; input: BatchInput } | { ok: false; errors: ErrorBody };

const REQUIRED = "This field is required.";
const NOT_NULL = "This field may not be null.";
const NOT_STRING = "Not a valid string.";
const DATETIME_FORMAT =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
// ISO 8601 with an explicit offset or Z: naive datetimes are ambiguous, so they are rejected.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function validateBatchBody(body: unknown, mode: "create" | "patch"): Validated {
  if (!isPlainObject(body)) {
    return {
      ok: false,
      errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`] },
    };
  }
  const errors: ErrorBody = {};
  const input: BatchInput = {};

  if (body.calls === undefined) {
    if (mode === "create") errors.calls = [REQUIRED];
  } else {
    const result = validateCalls(body.calls);
    if (result.ok) input.calls = result.calls;
    else errors.calls = result.errors;
  }

  for (const field of ["windowStart", "windowEnd"] as const) {
    if (body[field] === undefined) continue;
    const result = validateDateTime(body[field]);
    if (typeof result === "string") errors[field] = [result];
    else input[field] = result.value;
  }

  const stringRules = [
    ["throttle", null],
    ["webhookUrl", 200],
    ["webhookSecret", 120],
  ] as const;
  for (const [field, maxLength] of stringRules) {
    const value = body[field];
    if (value === undefined) continue;
    if (value === null) {
      input[field] = null;
      continue;
    }
    const messages = stringErrors(value, maxLength);
    if (field === "webhookUrl" && messages.length === 0 && !isHttpUrl(value as string)) {
      messages.push("Enter a valid URL.");
    }
    if (messages.length > 0) errors[field] = messages;
    else input[field] = value as string;
  }

  if (body.paused !== undefined) {
    if (body.paused === null) errors.paused = [NOT_NULL];
    else if (typeof body.paused !== "boolean") errors.paused = ["Must be a valid boolean."];
    else input.paused = body.paused;
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

function validateCalls(value: unknown): { ok: true; calls: JsonObject[] } | { ok: false; errors: unknown } {
  if (value === null) return { ok: false, errors: [NOT_NULL] };
  if (!Array.isArray(value)) {
    return { ok: false, errors: [`Expected a list of items but got type "${pythonTypeName(value)}".`] };
  }
  if (value.length === 0) return { ok: false, errors: ["Ensure this field has at least 1 elements."] };
  // DRF reports list-item errors as a list aligned with the items, {} for the valid ones.
  const itemErrors = value.map(callItemErrors);
  if (itemErrors.some((item) => Object.keys(item).length > 0)) return { ok: false, errors: itemErrors };
  return { ok: true, calls: value as JsonObject[] };
}

function callItemErrors(item: unknown): ErrorBody {
  if (!isPlainObject(item)) {
    return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(item)}.`] };
  }
  const errors: ErrorBody = {};
  const medium = mediumErrors(item.medium);
  if (medium.length > 0) errors.medium = medium;
  const metadata = metadataErrors(item.metadata);
  if (metadata.length > 0) errors.metadata = metadata;
  // templateContext and experimentalSettings are untyped JSON in the schema: anything goes.
  return errors;
}

function metadataErrors(metadata: unknown): string[] {
  if (metadata === undefined || metadata === null) return [];
  if (!isPlainObject(metadata)) {
    return [`Expected a dictionary of items but got type "${pythonTypeName(metadata)}".`];
  }
  return Object.entries(metadata)
    .filter(([, value]) => typeof value !== "string")
    .map(([key]) => `Metadata values must be strings (key "${key}").`);
}

function validateDateTime(value: unknown): { value: string | null } | string {
  if (value === null) return { value: null };
  if (typeof value !== "string" || !ISO_WITH_OFFSET.test(value)) return DATETIME_FORMAT;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !calendarFieldsValid(value)) return DATETIME_FORMAT;
  return { value: new Date(ms).toISOString() };
}

/** Date.parse rolls over some impossible dates (e.g. Feb 30); reject those like Python would. */
function calendarFieldsValid(value: string): boolean {
  const [datePart] = value.split("T");
  const [year, month, day] = (datePart ?? "").split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function stringErrors(value: unknown, maxLength: number | null): string[] {
  if (typeof value !== "string") return [NOT_STRING];
  if (maxLength !== null && value.length > maxLength) {
    return [`Ensure this field has no more than ${maxLength} characters.`];
  }
  return [];
}

/** Like Django's URLValidator: http(s), a host, and no whitespace anywhere (URL parsing would encode it). */
function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
