/**
 * Calling hours: every number a batch dials must be called only inside a daily range of local
 * times (default 08:00-21:00, the US TCPA's hours) in EVERY time zone the number may ring in, on
 * every day the window spans. A batch without both window ends fails: its calls start at once, or
 * go on, at any hour. Calls that dial no number (SIP addresses, WebRTC, ...) are out of scope.
 *
 * A number libphonenumber cannot place (not a valid number of any region, or no zone known for it,
 * e.g. +800) fails, and so does a destination that is not plain E.164 (a national number, one with
 * an extension): the rule cannot show that it rings inside the hours, and a guess of "its
 * country's zones" would need a country it cannot tell either.
 */
import { maskNumber } from "pulumi-ultravox";
import type { Batch } from "./batch";
import { dialedNumbers } from "./dialed-number";
import { type DailyRange, firstStretchOutside, isKnownZone, type OutsideStretch } from "./local-time";
import { zonesOfNumber } from "./number-zones";

export interface CallingHoursConfig {
  /** Earliest local time a call may start, "HH:MM". */
  start?: string;
  /** Latest local time a call may start, "HH:MM" (up to "24:00"). */
  end?: string;
}

export const CALLING_HOURS_DEFAULTS = { start: "08:00", end: "21:00" } as const;

/** How many calls one violation list names before it sums up the rest. */
export const MAX_NAMED_CALLS = 20;

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutesOf(clock: string, key: string): number {
  if (!CLOCK.test(clock))
    throw new Error(`calling-hours.${key} must be a local time "HH:MM", got "${clock}"`);
  const [hours, minutes] = clock.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/** The configured range; throws naming the config key when it is malformed. */
export function callingHoursRange(config: CallingHoursConfig): DailyRange & { label: string } {
  const start = config.start ?? CALLING_HOURS_DEFAULTS.start;
  const end = config.end ?? CALLING_HOURS_DEFAULTS.end;
  const range = { start: minutesOf(start, "start"), end: minutesOf(end, "end"), label: `${start}-${end}` };
  if (range.start >= range.end) {
    throw new Error(`calling-hours.start (${start}) must come before calling-hours.end (${end})`);
  }
  return range;
}

function describeStretch(stretch: OutsideStretch): string {
  const { from, to } = stretch;
  const when =
    from.date === to.date
      ? `${from.time}-${to.time} local time on ${from.date}`
      : `from ${from.time} on ${from.date} to ${to.time} on ${to.date} local time`;
  return `in ${stretch.zone} the window is open ${when}`;
}

/** Parses a window end; a message when it is missing or not a timestamp. */
function instant(value: string | undefined, key: string): number | string {
  if (value === undefined) {
    return key === "windowStart"
      ? "the batch has no windowStart: its calls start as soon as it is created, at any local hour"
      : "the batch has no windowEnd: its calls may go on at any local hour";
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? `${key} "${value}" is not a timestamp` : ms;
}

/**
 * The violations of one batch, at most MAX_NAMED_CALLS calls named. `zonesOf` is the number ->
 * zones lookup (replaceable in tests).
 */
export function callingHoursViolations(
  batch: Batch,
  range: DailyRange & { label: string },
  zonesOf: (e164: string) => string[] = zonesOfNumber,
): string[] {
  if (batch.paused) return []; // a paused batch dials no one, and pausing must never be blocked
  if (!Array.isArray(batch.calls)) return [`cannot check calling hours: ${batch.calls.unreadable}`];
  const dialed = batch.calls.flatMap((call, index) =>
    dialedNumbers(call).map((found) => ({ index, dialed: found })),
  );
  if (dialed.length === 0) return [];

  const startMs = instant(batch.windowStart, "windowStart");
  const endMs = instant(batch.windowEnd, "windowEnd");
  const windowProblems = [startMs, endMs].filter((v): v is string => typeof v === "string");
  if (windowProblems.length > 0) {
    const numbers = dialed.length === 1 ? "1 phone number" : `${dialed.length} phone numbers`;
    return windowProblems.map((problem) => `${problem} (it dials ${numbers})`);
  }
  const window = { startMs: startMs as number, endMs: endMs as number };

  // Every call shares the window, so each zone is worked out once.
  const byZone = new Map<string, string | undefined>();
  const problemIn = (zone: string): string | undefined => {
    if (!byZone.has(zone)) {
      if (!isKnownZone(zone))
        byZone.set(zone, `time zone ${zone} is unknown to this Node.js: its hours cannot be checked`);
      else {
        const stretch = firstStretchOutside(window, zone, range);
        byZone.set(zone, stretch && `${describeStretch(stretch)}, outside calling hours ${range.label}`);
      }
    }
    return byZone.get(zone);
  };

  const violations: string[] = [];
  let unnamed = 0;
  const report = (message: string) => {
    if (violations.length < MAX_NAMED_CALLS) violations.push(message);
    else unnamed++;
  };
  for (const { index, dialed: call } of dialed) {
    if (call.kind === "unreadable") {
      report(
        `calls[${index}] dials ${maskNumber(String(call.to))}, which is not an E.164 number (+ and digits only, no extension): its time zone cannot be known`,
      );
      continue;
    }
    const zones = zonesOf(call.number);
    if (zones.length === 0) {
      report(
        `calls[${index}] (${maskNumber(call.number)}): libphonenumber cannot place this number (not a valid number of any region, or no time zone known for it), so its local hours cannot be checked`,
      );
      continue;
    }
    for (const zone of zones) {
      const problem = problemIn(zone);
      if (problem) {
        report(`calls[${index}] (${maskNumber(call.number)}): ${problem}`);
        break;
      }
    }
  }
  if (unnamed > 0) violations.push(`... and ${unnamed} more calls outside calling hours ${range.label}`);
  return violations;
}
