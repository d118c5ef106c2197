/**
 * Values the tests share: agent and batch ids, API keys, phone numbers, secrets and timestamps.
 * Written out here rather than imported from the code under test.
 */

export const AGENT = "11111111-2222-4333-8444-555555555555";
export const OTHER_AGENT = "99999999-8888-4777-8666-555555555555";
export const BATCH = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";
export const OTHER_BATCH = "0f1e2d3c-4b5a-4697-8887-796a5b4c3d2e";

export const API_KEY = "itest001.abcdefghijklmnopqrstuvwxyz012345";
export const ENV_API_KEY = "envkey01.zyxwvutsrqponmlkjihgfedcba987654";
export const WEBHOOK_SECRET = "whsec-itest-do-not-leak-5e1d9a";

/** Pulumi's unknown-value sentinel. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const PHONE = "+14155550123";
export const CALLER = "+14155550999";

export const SECOND = 1000;
export const DAY = 24 * 3600 * SECOND;

/** `ms` as `2026-12-01T07:00:00Z` (UTC, no fraction): the provider's canonical spelling. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The same instant written with a `+hh:mm` offset, e.g. `2026-12-01T09:00:00+02:00`. */
export function isoWithOffset(ms: number, offsetHours: number): string {
  const local = new Date(ms + offsetHours * 3600 * SECOND).toISOString().replace(".000Z", "");
  const sign = offsetHours < 0 ? "-" : "+";
  return `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, "0")}:00`;
}
