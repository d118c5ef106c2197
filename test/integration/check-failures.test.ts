import { describe, expect, it } from "vitest";
import {
  AGENT,
  CALLER,
  engineCheck,
  PHONE,
  type Props,
  provider,
  useEmulator,
  withProviderKey,
} from "./harness";

/**
 * Bad input fails `check` through the forwarder, naming the property path as the program writes
 * it, before any request is sent: the emulator's journal stays empty.
 */

const env = useEmulator();

const twilio = (to: string, from = CALLER) => ({ medium: { twilio: { outgoing: { to, from } } } });

/** A valid batch of outgoing twilio calls (so no webhook), with `overrides` on top. */
function outgoing(overrides: Props = {}): Props {
  return { agentId: AGENT, calls: [twilio(PHONE)], ...overrides };
}

/** A valid batch of one webRtc call (so a webhook is required), with `overrides` on top. */
function webhook(overrides: Props = {}): Props {
  return {
    agentId: AGENT,
    calls: [{ medium: { webRtc: {} } }],
    webhookUrl: "https://example.com/hook",
    ...overrides,
  };
}

const withMedium = (medium: unknown): Props => webhook({ calls: [{ medium }] });

const BAD: Array<[string, Props, string]> = [
  ["missing agentId", { calls: [twilio(PHONE)] }, "agentId"],
  ["agentId not a UUID", outgoing({ agentId: "agent-1" }), "agentId"],
  [
    "agentId with a bad version nibble",
    outgoing({ agentId: "11111111-2222-0333-8444-555555555555" }),
    "agentId",
  ],
  ["missing calls", { agentId: AGENT }, "calls"],
  ["empty calls", outgoing({ calls: [] }), "calls"],
  ["calls not an array", outgoing({ calls: { medium: {} } }), "calls"],
  ["a call that is not an object", outgoing({ calls: [twilio(PHONE), "call"] }), "calls[1]"],
  ["typo at the top level", outgoing({ windowEnds: "2026-12-01T09:00:00Z" }), "windowEnds"],
  ["typo in a call", webhook({ calls: [{ medium: { webRtc: {} }, metdata: {} }] }), "calls[0].metdata"],
  [
    "the fourth call's twilio number not E.164",
    outgoing({ calls: [twilio(PHONE), twilio(PHONE), twilio(PHONE), twilio("4155550123")] }),
    "calls[3].medium.twilio.outgoing.to",
  ],
  [
    "twilio from missing",
    outgoing({ calls: [{ medium: { twilio: { outgoing: { to: PHONE } } } }] }),
    "calls[0].medium.twilio.outgoing.from",
  ],
  [
    "telnyx from not E.164",
    outgoing({ calls: [{ medium: { telnyx: { outgoing: { to: PHONE, from: "0044 20" } } } }] }),
    "calls[0].medium.telnyx.outgoing.from",
  ],
  [
    "sip outgoing to a phone number",
    outgoing({ calls: [{ medium: { sip: { outgoing: { to: PHONE } } } }] }),
    "calls[0].medium.sip.outgoing.to",
  ],
  ["sip with neither incoming nor outgoing", withMedium({ sip: {} }), "calls[0].medium.sip"],
  ["two media in one call", withMedium({ webRtc: {}, exotel: {} }), "calls[0].medium"],
  ["an unknown medium", withMedium({ zoom: {} }), "calls[0].medium.zoom"],
  [
    "serverWebSocket without inputSampleRate",
    withMedium({ serverWebSocket: {} }),
    "calls[0].medium.serverWebSocket.inputSampleRate",
  ],
  [
    "serverWebSocket bad duration",
    withMedium({ serverWebSocket: { inputSampleRate: 8000, mediaIdleTimeout: "30" } }),
    "calls[0].medium.serverWebSocket.mediaIdleTimeout",
  ],
  [
    "a dataMessages flag that is not a boolean",
    withMedium({ webRtc: { dataMessages: { transcript: "on" } } }),
    "calls[0].medium.webRtc.dataMessages.transcript",
  ],
  [
    "a metadata value that is not a string",
    webhook({ calls: [{ metadata: { n: 1 } }] }),
    "calls[0].metadata.n",
  ],
  [
    "a reserved metadata key",
    webhook({ calls: [{ metadata: { "ultravox.x": "y" } }] }),
    'calls[0].metadata["ultravox.x"]',
  ],
  [
    "templateContext not an object",
    webhook({ calls: [{ templateContext: "Ada" }] }),
    "calls[0].templateContext",
  ],
  ["windowStart without an offset", outgoing({ windowStart: "2026-12-01T09:00:00" }), "windowStart"],
  ["windowEnd not a date", outgoing({ windowEnd: "tomorrow" }), "windowEnd"],
  ["windowEnd on a day that does not exist", outgoing({ windowEnd: "2026-02-30T09:00:00Z" }), "windowEnd"],
  [
    "windowEnd before windowStart (other offset)",
    outgoing({ windowStart: "2026-12-01T09:00:00Z", windowEnd: "2026-12-01T10:00:00+02:00" }),
    "windowEnd",
  ],
  ["paused not a boolean", outgoing({ paused: "yes" }), "paused"],
  ["webhookUrl not a URL", webhook({ webhookUrl: "not a url" }), "webhookUrl"],
  ["webhookUrl with ftp", webhook({ webhookUrl: "ftp://example.com/hook" }), "webhookUrl"],
  [
    "webhookUrl over 200 characters",
    webhook({ webhookUrl: `https://example.com/${"a".repeat(190)}` }),
    "webhookUrl",
  ],
  ["webhookUrl missing for a webRtc call", webhook({ webhookUrl: undefined }), "webhookUrl"],
  [
    "webhookUrl set though every call is outgoing",
    outgoing({ webhookUrl: "https://example.com/hook" }),
    "webhookUrl",
  ],
  ["webhookSecret empty", webhook({ webhookSecret: "" }), "webhookSecret"],
  ["webhookSecret without webhookUrl", outgoing({ webhookSecret: "s3cret" }), "webhookSecret"],
  ["throttle over 64 characters", outgoing({ throttle: "t".repeat(65) }), "throttle"],
  ["adoptBatchId not a UUID", outgoing({ adoptBatchId: "batch-1" }), "adoptBatchId"],
];

describe("check through the forwarder: bad input names its property path and sends nothing", () => {
  it("the table is large enough", () => {
    expect(BAD.length).toBeGreaterThanOrEqual(25);
  });

  it.each([
    ["outgoing", outgoing()],
    ["webhook", webhook()],
  ])("the %s base input is valid (so each case fails for its own reason)", async (_name, args) => {
    const result = await engineCheck(args);
    expect(result.failures ?? []).toEqual([]);
  });

  it.each(BAD)("%s -> %s", async (_name, args, property) => {
    const result = await provider.check!({}, withProviderKey(args));
    const failures = result.failures ?? [];
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]!.reason).toMatch(/\S/);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("several problems at once are all reported, each with its own path", async () => {
    const args = {
      agentId: "nope",
      calls: [twilio(PHONE), twilio("0123")],
      windowEnd: "soon",
      paused: 1,
    };
    const result = await provider.check!({}, withProviderKey(args));
    expect((result.failures ?? []).map((f) => f.property).sort()).toEqual(
      ["agentId", "calls[1].medium.twilio.outgoing.to", "paused", "windowEnd"].sort(),
    );
    expect(await env.admin.journal()).toEqual([]);
  });
});
