/**
 * ISO-8601 date-times with an explicit offset (`Z` or `±hh:mm`), normalised to one UTC spelling so
 * that `09:00:00+02:00` and `07:00:00Z` compare equal and never show up as a change.
 */

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

interface Instant {
  /** Whole seconds since the epoch, as milliseconds. */
  readonly wholeMs: number;
  /** Fractional-second digits without trailing zeros ("" when none). */
  readonly fraction: string;
}

function parseInstant(text: string): Instant | undefined {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0..99 as written
  check.setUTCHours(hour, minute, second, 0);
  const local = check.getTime();
  // Date.UTC rolls 2026-02-30 over into March: reject days that do not exist.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const zone = m[8] ?? "Z";
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offHours = Number(zone.slice(1, 3));
    const offMinutes = Number(zone.slice(4, 6));
    if (offHours > 23 || offMinutes > 59) return undefined;
    offsetMinutes = sign * (offHours * 60 + offMinutes);
  }
  return { wholeMs: local - offsetMinutes * 60_000, fraction: (m[7] ?? "").replace(/0+$/, "") };
}

/**
 * The canonical UTC spelling of an ISO-8601 date-time with offset, or `undefined` when `text` is
 * not one. No fraction when it is zero; otherwise at least millisecond digits (`.250`), and finer
 * digits only when present (`.123456`).
 */
export function canonicalTimestamp(text: string): string | undefined {
  const instant = parseInstant(text);
  if (!instant) return undefined;
  const seconds = new Date(instant.wholeMs).toISOString().slice(0, -5); // drop ".sssZ"
  const fraction = instant.fraction === "" ? "" : `.${instant.fraction.padEnd(3, "0")}`;
  return `${seconds}${fraction}Z`;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`; `undefined` if either is invalid. */
export function compareTimestamps(a: string, b: string): number | undefined {
  const x = parseInstant(a);
  const y = parseInstant(b);
  if (!x || !y) return undefined;
  if (x.wholeMs !== y.wholeMs) return x.wholeMs - y.wholeMs;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, "0");
  const fy = y.fraction.padEnd(width, "0");
  return fx < fy ? -1 : fx > fy ? 1 : 0;
}
