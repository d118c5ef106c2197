/**
 * Whether a time window stays inside a daily range of local clock times in one IANA time zone,
 * with the zone's real rules (Intl): daylight-saving jumps, and every day of a window that spans
 * several. Pure: no clock, no I/O.
 */

/** A daily range of local clock times, in minutes after midnight; both ends allowed. */
export interface DailyRange {
  start: number;
  end: number;
}

/** A window of instants (epoch milliseconds), both ends included. */
export interface Window {
  startMs: number;
  endMs: number;
}

/** A local date and clock time, e.g. `{ date: "2030-01-15", time: "21:00" }` (seconds only when not 0). */
export interface WallClock {
  date: string;
  time: string;
}

/** The first stretch of a window that lies outside the range, as local clock times. */
export interface OutsideStretch {
  zone: string;
  from: WallClock;
  to: WallClock;
}

const HOUR_MS = 3_600_000;
const DAY_MINUTES = 1440;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone. */
export function isKnownZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function fields(zone: string, ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(zone: string, ms: number): number {
  const f = fields(zone, ms);
  const wall = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

export function wallClock(zone: string, ms: number): WallClock {
  const f = fields(zone, ms);
  const two = (n: number) => String(n).padStart(2, "0");
  const seconds = f.second === 0 ? "" : `:${two(f.second!)}`;
  return {
    date: `${f.year}-${two(f.month!)}-${two(f.day!)}`,
    time: `${two(f.hour!)}:${two(f.minute!)}${seconds}`,
  };
}

/** Local minutes since the epoch, under a fixed offset. */
const localMinutes = (ms: number, offset: number) => (ms + offset) / 60_000;

function insideAt(minutes: number, range: DailyRange): boolean {
  const ofDay = minutes - Math.floor(minutes / DAY_MINUTES) * DAY_MINUTES;
  return ofDay >= range.start && ofDay <= range.end;
}

/**
 * Under a fixed offset, the first instant after `fromMs` where being inside the range stops being
 * `inside`, or undefined when that is after `untilMs`.
 */
function changeUnderOffset(
  fromMs: number,
  untilMs: number,
  offset: number,
  range: DailyRange,
  inside: boolean,
): number | undefined {
  const local = localMinutes(fromMs, offset);
  const day = Math.floor(local / DAY_MINUTES) * DAY_MINUTES;
  const ofDay = local - day;
  // Inside: leaving happens just past today's end. Outside: re-entering at the next start.
  const boundary = inside
    ? day + range.end
    : ofDay < range.start
      ? day + range.start
      : day + DAY_MINUTES + range.start;
  if (inside ? localMinutes(untilMs, offset) <= boundary : localMinutes(untilMs, offset) < boundary) {
    return undefined;
  }
  const crossing = fromMs + (boundary - local) * 60_000;
  // Leaving: the first millisecond past the end. Re-entering: the start itself, which is inside.
  return inside ? Math.floor(crossing) + 1 : Math.ceil(crossing);
}

/** The first instant in (lo, hi] whose offset differs from lo's (it is known to differ at hi). */
function offsetChange(zone: string, lo: number, hi: number): number {
  const offset = offsetMs(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The first instant in [fromMs, untilMs] where being inside the range differs from `inside`, walking
 * hour by hour so a daylight-saving jump is found and applied where it happens.
 */
function nextChange(
  zone: string,
  fromMs: number,
  untilMs: number,
  range: DailyRange,
  inside: boolean,
): number | undefined {
  let at = fromMs;
  let offset = offsetMs(zone, at);
  while (at <= untilMs) {
    if (insideAt(localMinutes(at, offset), range) !== inside) return at;
    let chunkEnd = Math.min(at + HOUR_MS, untilMs);
    const endOffset = offsetMs(zone, chunkEnd);
    const jump = endOffset === offset ? undefined : offsetChange(zone, at, chunkEnd);
    if (jump !== undefined) chunkEnd = jump - 1;
    const change = changeUnderOffset(at, chunkEnd, offset, range, inside);
    if (change !== undefined) return change;
    if (jump === undefined && chunkEnd === untilMs) return undefined;
    at = jump ?? chunkEnd;
    offset = jump === undefined ? offset : offsetMs(zone, jump);
  }
  return undefined;
}

/**
 * The first stretch of the window whose local time in `zone` lies outside the daily range, or
 * undefined when the whole window is inside.
 */
export function firstStretchOutside(
  window: Window,
  zone: string,
  range: DailyRange,
): OutsideStretch | undefined {
  if (range.start <= 0 && range.end >= DAY_MINUTES) return undefined;
  const leaves = nextChange(zone, window.startMs, window.endMs, range, true);
  if (leaves === undefined) return undefined;
  const returns = nextChange(zone, leaves, window.endMs, range, false) ?? window.endMs;
  return { zone, from: wallClock(zone, leaves), to: wallClock(zone, returns) };
}
