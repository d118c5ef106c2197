import { describe, expect, it } from "vitest";
import { type Batch, batchOf } from "../../examples/guardrails-policy/rules/batch";
import { batchSizeViolations } from "../../examples/guardrails-policy/rules/batch-size";
import {
  callingHoursRange,
  callingHoursViolations,
  MAX_NAMED_CALLS,
} from "../../examples/guardrails-policy/rules/calling-hours";
import { zonesOfNumber } from "../../examples/guardrails-policy/rules/number-zones";
import { runningBatchViolations } from "../../examples/guardrails-policy/rules/running-batch";
import { webhookSecretViolations } from "../../examples/guardrails-policy/rules/webhook-secret";

const DYNAMIC = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const PLUGIN = "ultravox:index:ScheduledBatch";
const twilio = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });
const plivo = (to: string) => ({ medium: { plivo: { outgoing: { to, from: "+14155550100" } } } });
const lines = (calls: unknown[]) => calls.map((call) => JSON.stringify(call)).join("\n");
const TCPA = callingHoursRange({});

/** A batch as the dynamic resource's inputs hold it: calls as JSON Lines text. */
function dynamicBatch(props: Record<string, unknown>): Batch {
  const batch = batchOf(DYNAMIC, { ...props, calls: lines(props.calls as unknown[]) });
  if (!batch) throw new Error("not a batch");
  return batch;
}

/** The number's zones with `first` moved to the front (the rule names the first zone that fails). */
function zonesInOrder(number: string, first: string): string[] {
  const zones = zonesOfNumber(number);
  expect(zones).toContain(first);
  return [first, ...zones.filter((zone) => zone !== first)];
}

// 09:00-17:00 in New York and 06:00-14:00 in San Francisco (January: EST and PST).
const NY_OFFICE_HOURS = { windowStart: "2030-01-15T14:00:00Z", windowEnd: "2030-01-15T22:00:00Z" };

describe("reading a batch from what the policy sees", () => {
  it("reads calls from the dynamic resource's JSON Lines and from the plugin's list", () => {
    const calls = [twilio("+12125550123"), { medium: { webRtc: {} } }];
    expect(batchOf(DYNAMIC, { calls: lines(calls) })?.calls).toEqual(calls);
    expect(batchOf(PLUGIN, { calls })?.calls).toEqual(calls);
  });

  it("ignores other resource types", () => {
    expect(batchOf("pulumi:pulumi:Stack", {})).toBe(undefined);
    expect(batchOf("pulumi-nodejs:dynamic:Resource", { calls: "[]" })).toBe(undefined);
  });
});

describe("calling hours", () => {
  it("passes a window inside the hours in every zone of every number", () => {
    const batch = dynamicBatch({
      ...NY_OFFICE_HOURS,
      calls: [twilio("+12125550123"), twilio("+13055550123")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([]);
  });

  it("names the call, its number, the zone and the local hours the window reaches", () => {
    const batch = dynamicBatch({
      ...NY_OFFICE_HOURS,
      calls: [twilio("+12125550123"), twilio("+14155550123")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([
      "calls[1] (+1 415 ***-0123): in America/Los_Angeles the window is open 06:00-08:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    ]);
  });

  it("fails a number when any one of its possible zones is outside the hours", () => {
    // +1 800 may ring anywhere in North America, including Honolulu (04:00 there).
    const batch = dynamicBatch({ ...NY_OFFICE_HOURS, calls: [twilio("+18005550123")] });
    const [violation] = callingHoursViolations(batch, TCPA);
    expect(violation).toMatch(/^calls\[0\] \(\+1 800 \*\*\*-0123\): in \S+ the window is open/);
  });

  it("fails a batch without a window: its calls start at once, at any hour", () => {
    const noWindow = dynamicBatch({ calls: [twilio("+12125550123")] });
    expect(callingHoursViolations(noWindow, TCPA)).toEqual([
      "the batch has no windowStart: its calls start as soon as it is created, at any local hour (it dials 1 phone number)",
      "the batch has no windowEnd: its calls may go on at any local hour (it dials 1 phone number)",
    ]);
    const openEnded = dynamicBatch({
      windowStart: NY_OFFICE_HOURS.windowStart,
      calls: [twilio("+12125550123")],
    });
    expect(callingHoursViolations(openEnded, TCPA)).toHaveLength(1);
  });

  it("leaves out calls that dial no number: SIP addresses, WebRTC, WebSocket", () => {
    const batch = dynamicBatch({
      calls: [
        { medium: { sip: { outgoing: { to: "sip:alan@sip.example.com" } } } },
        twilio("sip:grace@sip.example.com"),
        { medium: { webRtc: {} } },
        { medium: { serverWebSocket: { inputSampleRate: 16000 } } },
      ],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([]);
  });

  it("fails a destination whose time zone cannot be known: not E.164, with an extension, unplaceable", () => {
    const batch = dynamicBatch({
      ...NY_OFFICE_HOURS,
      calls: [plivo("12125550123"), twilio("+12125550123;ext=42"), twilio("+14150000000")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([
      "calls[0] dials 12***23, which is not an E.164 number (+ and digits only, no extension): its time zone cannot be known",
      "calls[1] dials +1 212 ***-2342, which is not an E.164 number (+ and digits only, no extension): its time zone cannot be known",
      "calls[2] (+1 415 ***-0000): libphonenumber cannot place this number (not a valid number of any region, or no time zone known for it), so its local hours cannot be checked",
    ]);
    const number = dynamicBatch({ ...NY_OFFICE_HOURS, calls: [twilio("+12125550123")] });
    expect(callingHoursViolations(number, TCPA, () => [])).toEqual([
      "calls[0] (+1 212 ***-0123): libphonenumber cannot place this number (not a valid number of any region, or no time zone known for it), so its local hours cannot be checked",
    ]);
    expect(callingHoursViolations(number, TCPA, () => ["Mars/Olympus_Mons"])).toEqual([
      "calls[0] (+1 212 ***-0123): time zone Mars/Olympus_Mons is unknown to this Node.js: its hours cannot be checked",
    ]);
  });

  it("names at most a fixed number of calls and counts the rest", () => {
    const calls = Array.from({ length: MAX_NAMED_CALLS + 5 }, () => twilio("+14155550123"));
    const violations = callingHoursViolations(dynamicBatch({ ...NY_OFFICE_HOURS, calls }), TCPA);
    expect(violations).toHaveLength(MAX_NAMED_CALLS + 1);
    expect(violations.at(-1)).toBe("... and 5 more calls outside calling hours 08:00-21:00");
  });

  it("takes its hours from the policy config", () => {
    const batch = dynamicBatch({ ...NY_OFFICE_HOURS, calls: [twilio("+14155550123")] });
    expect(callingHoursViolations(batch, callingHoursRange({ start: "06:00", end: "21:00" }))).toEqual([]);
    expect(() => callingHoursRange({ start: "8am" })).toThrow(
      'calling-hours.start must be a local time "HH:MM"',
    );
    expect(() => callingHoursRange({ start: "21:00", end: "08:00" })).toThrow("must come before");
  });

  it("passes a paused batch: pausing is one-way, so it dials no one, and pausing must never be blocked", () => {
    const batch = dynamicBatch({ paused: true, calls: [twilio("+14155550123")] });
    expect(callingHoursViolations(batch, TCPA)).toEqual([]);
    expect(batchSizeViolations(batch, { maxCalls: 0 })).toEqual([]);
  });

  it("checks a paused batch whose pause the engine ignores (ignoreChanges): it may never be paused", () => {
    const props = { paused: true, calls: lines([twilio("+14155550123")]) };
    for (const ignored of [["paused"], ["*"]]) {
      const batch = batchOf(DYNAMIC, props, ignored)!;
      expect(batch.paused).toBe(false);
      expect(callingHoursViolations(batch, TCPA)).toHaveLength(2); // no window start, no window end
    }
    expect(batchOf(DYNAMIC, props, ["webhookUrl"])!.paused).toBe(true);
  });
});

describe("calling hours for mobiles and several destinations (issue 23's findings)", () => {
  it("fails a Russian mobile at 05:00-18:00Z: 08:00-21:00 in Moscow, 15:00-04:00 in Vladivostok", () => {
    const batch = dynamicBatch({
      windowStart: "2030-01-15T05:00:00Z",
      windowEnd: "2030-01-15T18:00:00Z",
      calls: [twilio("+79141234567")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([
      expect.stringMatching(/^calls\[0\] \(\+7 914 \*\*\*-4567\): in Asia\/\S+ the window is open/),
    ]);
  });

  it("fails an Australian mobile at 08:00-21:00 Sydney time: 05:00 in Perth", () => {
    const batch = dynamicBatch({
      windowStart: "2030-01-14T21:00:00Z",
      windowEnd: "2030-01-15T10:00:00Z",
      calls: [twilio("+61412345678")],
    });
    expect(callingHoursViolations(batch, TCPA, (n) => zonesInOrder(n, "Australia/Perth"))).toEqual([
      "calls[0] (+61 412 ***-5678): in Australia/Perth the window is open 05:00-08:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    ]);
    expect(callingHoursViolations(batch, TCPA)).toHaveLength(1);
    // A Sydney fixed line in the same window is fine.
    const fixed = dynamicBatch({ ...batch, calls: [twilio("+61212345678")] });
    expect(callingHoursViolations(fixed, TCPA)).toEqual([]);
  });

  it("fails a Spanish mobile at 08:00-21:00 Madrid time: 07:00 in the Canaries", () => {
    const batch = dynamicBatch({
      windowStart: "2030-01-15T07:00:00Z",
      windowEnd: "2030-01-15T20:00:00Z",
      calls: [twilio("+34612345678")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([
      "calls[0] (+34 612 ***-5678): in Atlantic/Canary the window is open 07:00-08:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    ]);
  });

  it("checks every destination of a Plivo call, split on <, and skips its SIP ones", () => {
    const batch = dynamicBatch({
      ...NY_OFFICE_HOURS,
      calls: [plivo("sip:desk@sip.example.com<+12125550123<+14155550123")],
    });
    expect(callingHoursViolations(batch, TCPA)).toEqual([
      "calls[0] (+1 415 ***-0123): in America/Los_Angeles the window is open 06:00-08:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    ]);
    const inside = dynamicBatch({ ...NY_OFFICE_HOURS, calls: [plivo("+12125550123<+13055550123")] });
    expect(callingHoursViolations(inside, TCPA)).toEqual([]);
  });
});

describe("batch size", () => {
  const calls = (n: number) => Array.from({ length: n }, () => twilio("+12125550123"));

  it("fails a batch with more calls than maxCalls, and passes one at the limit", () => {
    expect(batchSizeViolations(dynamicBatch({ calls: calls(3) }), { maxCalls: 2 })).toEqual([
      "the batch has 3 calls, more than the 2 allowed (maxCalls)",
    ]);
    expect(batchSizeViolations(dynamicBatch({ calls: calls(2) }), { maxCalls: 2 })).toEqual([]);
  });

  it("defaults to 1000 calls", () => {
    expect(batchSizeViolations(dynamicBatch({ calls: calls(1001) }), {})).toHaveLength(1);
    expect(batchSizeViolations(dynamicBatch({ calls: calls(1000) }), {})).toEqual([]);
  });
});

describe("webhook secret", () => {
  const webRtc = [{ medium: { webRtc: {} } }];

  it("fails a webhookUrl without a webhookSecret, without repeating the URL", () => {
    const url = "https://hooks.example.com/ultravox?token=abc123";
    const [violation] = webhookSecretViolations(dynamicBatch({ webhookUrl: url, calls: webRtc }));
    expect(violation).toMatch(/^webhookUrl is set but webhookSecret is not/);
    expect(violation).not.toContain("abc123");
  });

  it("passes a webhook with a secret, and a batch without a webhook", () => {
    const signed = dynamicBatch({
      webhookUrl: "https://h.example.com",
      webhookSecret: "s3cret",
      calls: webRtc,
    });
    expect(webhookSecretViolations(signed)).toEqual([]);
    expect(webhookSecretViolations(dynamicBatch({ calls: webRtc }))).toEqual([]);
  });
});

describe("a batch that can still dial must be protected", () => {
  const now = Date.parse("2030-01-15T12:00:00Z");
  const calls = [twilio("+12125550123")];

  it("fails an unprotected batch that is not paused and whose window is not over", () => {
    const [violation] = runningBatchViolations(
      dynamicBatch({ ...NY_OFFICE_HOURS, calls }),
      "spring",
      false,
      now,
    );
    expect(violation).toMatch(/^batch "spring" can still dial .* not protected/);
    expect(runningBatchViolations(dynamicBatch({ calls }), "no-window", false, now)).toHaveLength(1);
  });

  it("passes a protected batch, a paused one, and one whose window is over", () => {
    expect(runningBatchViolations(dynamicBatch({ ...NY_OFFICE_HOURS, calls }), "b", true, now)).toEqual([]);
    expect(runningBatchViolations(dynamicBatch({ paused: true, calls }), "b", false, now)).toEqual([]);
    const over = dynamicBatch({
      windowStart: "2030-01-14T14:00:00Z",
      windowEnd: "2030-01-14T22:00:00Z",
      calls,
    });
    expect(runningBatchViolations(over, "b", false, now)).toEqual([]);
  });
});
