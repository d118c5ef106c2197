import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { firstStretchOutside, wallClock } from "../../examples/guardrails-policy/rules/local-time";

const TCPA = { start: 8 * 60, end: 21 * 60 };
const window = (start: string, end: string) => ({ startMs: Date.parse(start), endMs: Date.parse(end) });

describe("a window against local calling hours in one time zone", () => {
  it("passes a window inside the hours, both ends included", () => {
    // 08:00 to 21:00 in New York (EST, UTC-5).
    expect(
      firstStretchOutside(window("2030-01-15T13:00:00Z", "2030-01-16T02:00:00Z"), "America/New_York", TCPA),
    ).toBe(undefined);
  });

  it("names the local stretch when the window opens too early", () => {
    expect(
      firstStretchOutside(
        window("2030-01-15T14:00:00Z", "2030-01-15T20:00:00Z"),
        "America/Los_Angeles",
        TCPA,
      ),
    ).toEqual({
      zone: "America/Los_Angeles",
      from: { date: "2030-01-15", time: "06:00" },
      to: { date: "2030-01-15", time: "08:00" },
    });
  });

  it("names the local hour the window reaches when it closes too late", () => {
    expect(
      firstStretchOutside(window("2030-01-15T14:00:00Z", "2030-01-16T04:00:00Z"), "America/New_York", TCPA),
    ).toEqual({
      zone: "America/New_York",
      from: { date: "2030-01-15", time: "21:00" },
      to: { date: "2030-01-15", time: "23:00" },
    });
  });

  it("fails a window of several days on its first night, although each end is inside the hours", () => {
    expect(
      firstStretchOutside(window("2030-01-15T14:00:00Z", "2030-01-17T14:00:00Z"), "America/New_York", TCPA),
    ).toEqual({
      zone: "America/New_York",
      from: { date: "2030-01-15", time: "21:00" },
      to: { date: "2030-01-16", time: "08:00" },
    });
  });

  it("uses the offset in force on the window's date (daylight saving time)", () => {
    // 07:30Z is 07:30 in London in winter (GMT) but 08:30 in summer (BST).
    const london = "Europe/London";
    expect(
      firstStretchOutside(window("2030-01-15T07:30:00Z", "2030-01-15T12:00:00Z"), london, TCPA)?.from.time,
    ).toBe("07:30");
    expect(firstStretchOutside(window("2030-07-15T07:30:00Z", "2030-07-15T12:00:00Z"), london, TCPA)).toBe(
      undefined,
    );
  });

  it("sees a clock that springs forward out of the range inside the window", () => {
    // New York, 2030-03-10: 01:59:59 EST is followed by 03:00 EDT (at 07:00Z).
    const range = { start: 30, end: 150 }; // 00:30-02:30
    expect(
      firstStretchOutside(window("2030-03-10T06:00:00Z", "2030-03-10T07:10:00Z"), "America/New_York", range),
    ).toEqual({
      zone: "America/New_York",
      from: { date: "2030-03-10", time: "03:00" },
      to: { date: "2030-03-10", time: "03:10" },
    });
  });

  it("sees a clock that falls back out of the range inside the window", () => {
    // New York, 2030-11-03: 01:59:59 EDT is followed by 01:00 EST (at 06:00Z).
    const range = { start: 90, end: 480 }; // 01:30-08:00
    expect(
      firstStretchOutside(window("2030-11-03T05:40:00Z", "2030-11-03T06:20:00Z"), "America/New_York", range),
    ).toEqual({
      zone: "America/New_York",
      from: { date: "2030-11-03", time: "01:00" },
      to: { date: "2030-11-03", time: "01:20" },
    });
  });

  it("handles zones a quarter hour off the hour and half-hour daylight saving", () => {
    // Kathmandu is UTC+5:45: 02:15Z is 08:00 there.
    expect(
      firstStretchOutside(window("2030-01-15T02:15:00Z", "2030-01-15T15:15:00Z"), "Asia/Kathmandu", TCPA),
    ).toBe(undefined);
    expect(
      firstStretchOutside(window("2030-01-15T02:14:00Z", "2030-01-15T15:15:00Z"), "Asia/Kathmandu", TCPA)
        ?.from.time,
    ).toBe("07:59");
    // Lord Howe Island is UTC+11 in January (half-hour daylight saving) and UTC+10:30 in July.
    expect(
      firstStretchOutside(
        window("2030-01-14T21:00:00Z", "2030-01-15T10:00:00Z"),
        "Australia/Lord_Howe",
        TCPA,
      ),
    ).toBe(undefined);
    expect(
      firstStretchOutside(window("2030-07-14T21:00:00Z", "2030-07-15T10:00:00Z"), "Australia/Lord_Howe", TCPA)
        ?.from.time,
    ).toBe("07:30");
  });

  it("shows the seconds when a window passes the end by less than a minute", () => {
    expect(
      firstStretchOutside(window("2030-01-15T14:00:00Z", "2030-01-16T02:00:01Z"), "America/New_York", TCPA)
        ?.to,
    ).toEqual({
      date: "2030-01-15",
      time: "21:00:01",
    });
  });
});

describe("a window against local calling hours, checked minute by minute", () => {
  const ZONES = [
    "America/New_York",
    "America/Santiago",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
  ];
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  // Around each of 2030's daylight-saving changes in these zones, and plain days.
  const AROUND = [
    "2030-03-10",
    "2030-03-31",
    "2030-04-07",
    "2030-09-08",
    "2030-09-29",
    "2030-10-27",
    "2030-11-03",
    "2030-06-15",
  ];

  /** The first moment of the window whose local time is outside the range, by brute force. */
  function firstMinuteOutside(
    startMs: number,
    endMs: number,
    zone: string,
    range: { start: number; end: number },
  ) {
    // Every half minute: a range's end is an instant (23:59 ends at 23:59:00), so the minute after
    // it is outside from its first millisecond, and a stretch outside lasts at least that minute.
    for (let at = startMs; at <= endMs; at += MINUTE / 2) {
      const [hours, minutes, seconds = 0] = wallClock(zone, at).time.split(":").map(Number);
      const ofDay = hours! * 60 + minutes! + seconds / 60;
      // Midnight is also 24:00, the end of the day before: a range up to 24:00 includes it.
      const local = ofDay === 0 && range.end === 24 * 60 ? 24 * 60 : ofDay;
      if (local < range.start || local > range.end) return at;
    }
    return undefined;
  }

  test.prop(
    [
      fc.constantFrom(...ZONES),
      fc.constantFrom(...AROUND),
      fc.integer({ min: -36, max: 36 }).map((hours) => hours * HOUR),
      fc.integer({ min: 0, max: 59 }).map((minutes) => minutes * MINUTE),
      fc.integer({ min: 1, max: 36 * 60 }).map((minutes) => minutes * MINUTE),
      fc.integer({ min: 0, max: 23 * 60 }),
      fc.integer({ min: 1, max: 24 * 60 }),
    ],
    { numRuns: 150 },
  )(
    "finds a stretch outside exactly when some minute of the window is outside",
    (zone, day, shift, minute, length, start, span) => {
      const startMs = Date.parse(`${day}T00:00:00Z`) + shift + minute;
      const range = { start, end: Math.min(24 * 60, start + span) };
      const found = firstStretchOutside({ startMs, endMs: startMs + length }, zone, range);
      const bruteForce = firstMinuteOutside(startMs, startMs + length, zone, range);
      expect(found === undefined, `${zone} ${new Date(startMs).toISOString()} +${length / MINUTE} min`).toBe(
        bruteForce === undefined,
      );
    },
  );
});
