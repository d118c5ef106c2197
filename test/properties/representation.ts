/**
 * The rewrites the latitude proxy applies to the emulator's answers: each keeps what the service
 * holds and changes only how it is written, within what the API's OpenAPI description allows.
 */
import type { Latitude } from "./latitude";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Nullable batch fields the API does not require (OpenAPI `ScheduledCallBatch`). */
const OPTIONAL_BATCH_FIELDS = ["windowStart", "windowEnd", "throttle", "webhookUrl", "webhookSecret"];
/** Nullable string fields with no format, where `""` can stand for "unset". */
const PLAIN_STRING_FIELDS = ["throttle", "webhookUrl"];
/** Nullable call fields the API does not require (OpenAPI `ScheduledCall`). */
const OPTIONAL_CALL_FIELDS = ["medium", "metadata", "templateContext", "experimentalSettings"];

/** The fields each medium (and its parts) may carry: an unset one may be written as `null`. */
const MEDIUM_KEYS = ["webRtc", "twilio", "serverWebSocket", "telnyx", "plivo", "exotel", "sip"];
const MEDIUM_FIELDS: Record<string, string[]> = {
  webRtc: ["dataMessages"],
  twilio: ["outgoing", "dtmfHandling"],
  telnyx: ["outgoing", "dtmfHandling"],
  plivo: ["outgoing", "dtmfHandling"],
  exotel: ["dtmfHandling"],
  serverWebSocket: ["outputSampleRate", "clientBufferSizeMs", "dataMessages", "mediaIdleTimeout"],
  sip: ["incoming", "outgoing"],
};
const PHONE_OUTGOING_FIELDS = ["additionalParams"];
const SIP_OUTGOING_FIELDS = ["from", "username", "password"];
const DTMF_FIELDS = ["ignore", "userTextMessage"];

/** A deterministic shuffle (seed 0: unchanged). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  if (seed === 0) return out;
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function rewriteBatch(value: unknown, lat: Latitude): unknown {
  if (!isObject(value)) return value;
  const batch: Json = { ...value };
  if (lat.emptyStrings) {
    for (const field of PLAIN_STRING_FIELDS) if (batch[field] === null) batch[field] = "";
  }
  if (lat.omitNulls) {
    for (const field of OPTIONAL_BATCH_FIELDS) if (batch[field] === null) delete batch[field];
  }
  if (lat.extraFields) {
    batch.priority = "normal";
    batch.stats = { dialedToday: 0 };
  }
  return batch;
}

export function rewriteCall(value: unknown, lat: Latitude): unknown {
  if (!isObject(value)) return value;
  const call: Json = { ...value };
  if (isObject(call.medium)) call.medium = rewriteMedium(call.medium, lat);
  if (lat.omitNulls) {
    for (const field of OPTIONAL_CALL_FIELDS) if (call[field] === null) delete call[field];
  }
  if (lat.extraFields) call.attempt = { count: 0 };
  return call;
}

function rewriteMedium(value: Json, lat: Latitude): Json {
  const medium = structuredClone(value);
  const sipOutgoing = isObject(medium.sip) && isObject(medium.sip.outgoing) ? medium.sip.outgoing : null;
  if (sipOutgoing !== null && typeof sipOutgoing.password === "string") {
    if (lat.passwordInListing === "absent") delete sipOutgoing.password;
    else if (lat.passwordInListing === "empty") sipOutgoing.password = "";
    else if (lat.passwordInListing === "stars") sipOutgoing.password = "****";
  }
  if (lat.nestedNulls) nullsForUnset(medium);
  return medium;
}

/** Writes every unset field of a medium, at every level, as `null`. */
function nullsForUnset(medium: Json): void {
  for (const key of MEDIUM_KEYS) {
    if (!Object.hasOwn(medium, key)) {
      medium[key] = null;
      continue;
    }
    const part = medium[key];
    if (!isObject(part)) continue;
    fill(part, MEDIUM_FIELDS[key] ?? []);
    if (isObject(part.outgoing))
      fill(part.outgoing, key === "sip" ? SIP_OUTGOING_FIELDS : PHONE_OUTGOING_FIELDS);
    if (isObject(part.dtmfHandling)) fill(part.dtmfHandling, DTMF_FIELDS);
  }
}

function fill(target: Json, fields: readonly string[]): void {
  for (const field of fields) if (!Object.hasOwn(target, field)) target[field] = null;
}
