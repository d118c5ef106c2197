import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { AGENT, CALLER, PHONE } from "../../fixtures";
import { outgoing, properties, webhook, withMedium } from "./inputs";

describe("check of a batch: bad inputs name the exact property path", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["missing agentId", { calls: [{}], webhookUrl: "https://x.example" }, "agentId"],
    ["agentId not a uuid", outgoing({ agentId: "agent-1" }), "agentId"],
    ["agentId a number", outgoing({ agentId: 42 }), "agentId"],
    ["missing calls", { agentId: AGENT }, "calls"],
    ["empty calls", outgoing({ calls: [] }), "calls"],
    ["calls not an array", outgoing({ calls: { medium: {} } }), "calls"],
    ["call not an object", webhook({ calls: [{}, "call"] }), "calls[1]"],
    ["typo at top level", outgoing({ windowEnds: "2026-12-01T09:00:00Z" }), "windowEnds"],
    ["typo in a call", webhook({ calls: [{ metdata: {} }] }), "calls[0].metdata"],
    ["unknown medium", withMedium({ zoom: {} }), "calls[0].medium.zoom"],
    ["windowStart without offset", outgoing({ windowStart: "2026-12-01T09:00:00" }), "windowStart"],
    ["windowEnd not a date", outgoing({ windowEnd: "tomorrow" }), "windowEnd"],
    ["windowEnd impossible day", outgoing({ windowEnd: "2026-02-30T09:00:00Z" }), "windowEnd"],
    [
      "windowEnd before windowStart",
      outgoing({ windowStart: "2026-12-01T09:00:00Z", windowEnd: "2026-12-01T10:00:00+02:00" }),
      "windowEnd",
    ],
    [
      "windowEnd equal to windowStart",
      outgoing({ windowStart: "2026-12-01T09:00:00Z", windowEnd: "2026-12-01T09:00:00.000Z" }),
      "windowEnd",
    ],
    ["paused not boolean", outgoing({ paused: "yes" }), "paused"],
    ["webhookUrl not a URL", webhook({ webhookUrl: "not a url" }), "webhookUrl"],
    ["webhookUrl ftp", webhook({ webhookUrl: "ftp://example.com/hook" }), "webhookUrl"],
    ["webhookUrl too long", webhook({ webhookUrl: `https://example.com/${"a".repeat(190)}` }), "webhookUrl"],
    ["webhookUrl missing for webRtc", webhook({ webhookUrl: undefined }), "webhookUrl"],
    ["webhookUrl missing for a call without medium", outgoing({ calls: [{}] }), "webhookUrl"],
    [
      "webhookUrl set though all outgoing",
      outgoing({ webhookUrl: "https://example.com/hook" }),
      "webhookUrl",
    ],
    ["webhookSecret empty", webhook({ webhookSecret: "" }), "webhookSecret"],
    ["webhookSecret too long", webhook({ webhookSecret: "s".repeat(121) }), "webhookSecret"],
    ["webhookSecret without webhookUrl", outgoing({ webhookSecret: "s3cret" }), "webhookSecret"],
    ["throttle empty", outgoing({ throttle: "" }), "throttle"],
    ["throttle too long", outgoing({ throttle: "t".repeat(65) }), "throttle"],
    ["adoptBatchId not a uuid", outgoing({ adoptBatchId: "batch-1" }), "adoptBatchId"],
    ["two media", withMedium({ webRtc: {}, exotel: {} }), "calls[0].medium"],
    ["sip with neither", withMedium({ sip: {} }), "calls[0].medium.sip"],
    [
      "sip with both",
      withMedium({ sip: { incoming: {}, outgoing: { to: "sip:a@b.example" } } }),
      "calls[0].medium.sip",
    ],
    [
      "sip outgoing to a phone number",
      outgoing({ calls: [{ medium: { sip: { outgoing: { to: PHONE } } } }] }),
      "calls[0].medium.sip.outgoing.to",
    ],
    [
      "sip incoming with a field",
      withMedium({ sip: { incoming: { to: "x" } } }),
      "calls[0].medium.sip.incoming.to",
    ],
    [
      "twilio to not E.164",
      outgoing({ calls: [{ medium: { twilio: { outgoing: { to: "4155550123", from: CALLER } } } }] }),
      "calls[0].medium.twilio.outgoing.to",
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
      "plivo from not E.164",
      outgoing({ calls: [{ medium: { plivo: { outgoing: { to: PHONE, from: "caller" } } } }] }),
      "calls[0].medium.plivo.outgoing.from",
    ],
    [
      "plivo additionalParams not an object",
      outgoing({
        calls: [{ medium: { plivo: { outgoing: { to: PHONE, from: CALLER, additionalParams: 3 } } } }],
      }),
      "calls[0].medium.plivo.outgoing.additionalParams",
    ],
    [
      "serverWebSocket without inputSampleRate",
      withMedium({ serverWebSocket: {} }),
      "calls[0].medium.serverWebSocket.inputSampleRate",
    ],
    [
      "serverWebSocket fractional sample rate",
      withMedium({ serverWebSocket: { inputSampleRate: 8000.5 } }),
      "calls[0].medium.serverWebSocket.inputSampleRate",
    ],
    [
      "serverWebSocket bad duration",
      withMedium({ serverWebSocket: { inputSampleRate: 8000, mediaIdleTimeout: "30" } }),
      "calls[0].medium.serverWebSocket.mediaIdleTimeout",
    ],
    [
      "dataMessages flag not boolean",
      withMedium({ webRtc: { dataMessages: { transcript: "on" } } }),
      "calls[0].medium.webRtc.dataMessages.transcript",
    ],
    [
      "dataMessages unknown flag",
      withMedium({ webRtc: { dataMessages: { transcripts: true } } }),
      "calls[0].medium.webRtc.dataMessages.transcripts",
    ],
    [
      "dtmf urgency not in enum",
      withMedium({ exotel: { dtmfHandling: { userTextMessage: { text: "{digits}", urgency: "NOW" } } } }),
      "calls[0].medium.exotel.dtmfHandling.userTextMessage.urgency",
    ],
    [
      "dtmf text missing",
      withMedium({ twilio: { dtmfHandling: { userTextMessage: {} } } }),
      "calls[0].medium.twilio.dtmfHandling.userTextMessage.text",
    ],
    ["metadata value not a string", webhook({ calls: [{ metadata: { n: 1 } }] }), "calls[0].metadata.n"],
    [
      "metadata reserved key",
      webhook({ calls: [{ metadata: { "ultravox.source": "x" } }] }),
      'calls[0].metadata["ultravox.source"]',
    ],
    [
      "metadata key reserved for the provider's create token",
      webhook({ calls: [{ metadata: { "pulumi-ultravox.createToken": "x" } }] }),
      'calls[0].metadata["pulumi-ultravox.createToken"]',
    ],
    [
      "templateContext not an object",
      webhook({ calls: [{ templateContext: "x" }] }),
      "calls[0].templateContext",
    ],
    [
      "experimentalSettings an array",
      webhook({ calls: [{ experimentalSettings: [1] }] }),
      "calls[0].experimentalSettings",
    ],
  ];

  it.each(cases)("%s", (_name, raw, property) => {
    const { failures } = checkArgs(batch, raw);
    expect(failures.map((f) => f.property)).toEqual([property]);
    for (const f of failures) expect(f.reason.length).toBeGreaterThan(5);
  });

  it("collects every failure, not just the first", () => {
    const raw = {
      agentId: "nope",
      calls: [{}, { medium: { twilio: { outgoing: { to: "123", from: CALLER } } } }],
      windowEnds: "2026-12-01T09:00:00Z",
    };
    expect(properties(raw).sort()).toEqual(
      ["agentId", "calls[1].medium.twilio.outgoing.to", "webhookUrl", "windowEnds"].sort(),
    );
  });

  it("reports rules across fields alongside shape errors", () => {
    const raw = outgoing({
      paused: 1,
      windowStart: "2026-12-02T00:00:00Z",
      windowEnd: "2026-12-01T00:00:00Z",
      webhookUrl: "https://example.com/hook",
      webhookSecret: "s3cret",
    });
    expect(properties(raw)).toEqual(["paused", "windowEnd", "webhookUrl", "webhookSecret"]);
  });

  it("names the first non-outgoing call when webhookUrl is missing", () => {
    const call = { medium: { sip: { outgoing: { to: "sip:a@b.example" } } } };
    const { failures } = checkArgs(batch, {
      agentId: AGENT,
      calls: [call, call, { medium: { exotel: {} } }],
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.reason).toContain("calls[2]");
    expect(failures[0]?.reason).toContain("exotel");
  });

  it("explains which media are present when more than one is set", () => {
    const { failures } = checkArgs(batch, withMedium({ twilio: {}, sip: { incoming: {} } }));
    expect(failures).toEqual([
      { property: "calls[0].medium", reason: "at most one medium may be set; got twilio, sip" },
    ]);
  });

  it("suggests the intended property for a typo", () => {
    const { failures } = checkArgs(batch, outgoing({ windowEnds: "2026-12-01T09:00:00Z" }));
    expect(failures[0]?.reason).toBe('unknown property "windowEnds" (did you mean "windowEnd"?)');
  });

  it.each([
    ["paussed", "paused"],
    ["webhookURL", "webhookUrl"],
    ["Calls", "calls"],
  ])("suggests %s -> %s", (typo, intended) => {
    const { failures } = checkArgs(batch, { ...outgoing(), [typo]: true });
    expect(failures.map((f) => f.property)).toContain(typo);
    expect(failures.find((f) => f.property === typo)?.reason).toContain(`did you mean "${intended}"`);
  });

  it("does not guess for a name far from any known one", () => {
    const { failures } = checkArgs(batch, outgoing({ colour: "blue" }));
    expect(failures).toEqual([{ property: "colour", reason: 'unknown property "colour"' }]);
  });

  it("never puts a secret value in a reason", () => {
    const secret = "Zebra-Secret-9f8e7d6c";
    const raws = [
      outgoing({ webhookSecret: secret }),
      webhook({ webhookSecret: secret.repeat(10) }),
      outgoing({ webhookUrl: "https://example.com", webhookSecret: secret }),
      outgoing({ calls: [{ medium: { sip: { outgoing: { to: PHONE, password: secret } } } }] }),
      outgoing({
        calls: [{ medium: { sip: { outgoing: { to: "sip:x@y", password: 7 } } } }],
        webhookSecret: 7,
      }),
      outgoing({
        calls: [{ medium: { sip: { outgoing: { to: "sip:x@y", password: secret }, incoming: {} } } }],
      }),
    ];
    for (const raw of raws) {
      const { failures } = checkArgs(batch, raw);
      expect(failures.length).toBeGreaterThan(0);
      expect(JSON.stringify(failures)).not.toContain("Zebra");
    }
  });
});
