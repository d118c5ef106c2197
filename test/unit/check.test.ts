import { describe, expect, it } from "vitest";
import { batchArgsSchema } from "../../src/batch-fields";
import { checkBatchArgs } from "../../src/check";
import type { CallMedium } from "../../src/schema";
import { AGENT, BATCH, CALLER, PHONE, UNKNOWN } from "../fixtures";

/** A valid batch of one outgoing twilio call (so no webhook), with `overrides` merged on top. */
function outgoing(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agentId: AGENT,
    calls: [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } }],
    ...overrides,
  };
}

/** A valid batch of one webRtc call (so a webhook is required), with `overrides` merged on top. */
function webhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agentId: AGENT,
    calls: [{ medium: { webRtc: {} } }],
    webhookUrl: "https://example.com/hook",
    ...overrides,
  };
}

function withMedium(medium: unknown): Record<string, unknown> {
  return webhook({ calls: [{ medium }] });
}

function properties(raw: Record<string, unknown>): string[] {
  return checkBatchArgs(raw).failures.map((f) => f.property);
}

describe("checkBatchArgs: bad inputs name the exact property path", () => {
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
    const { failures } = checkBatchArgs(raw);
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
    const { failures } = checkBatchArgs({ agentId: AGENT, calls: [call, call, { medium: { exotel: {} } }] });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.reason).toContain("calls[2]");
    expect(failures[0]?.reason).toContain("exotel");
  });

  it("explains which media are present when more than one is set", () => {
    const { failures } = checkBatchArgs(withMedium({ twilio: {}, sip: { incoming: {} } }));
    expect(failures).toEqual([
      { property: "calls[0].medium", reason: "at most one medium may be set; got twilio, sip" },
    ]);
  });

  it("suggests the intended property for a typo", () => {
    const { failures } = checkBatchArgs(outgoing({ windowEnds: "2026-12-01T09:00:00Z" }));
    expect(failures[0]?.reason).toBe('unknown property "windowEnds" (did you mean "windowEnd"?)');
  });

  it.each([
    ["paussed", "paused"],
    ["webhookURL", "webhookUrl"],
    ["Calls", "calls"],
  ])("suggests %s -> %s", (typo, intended) => {
    const { failures } = checkBatchArgs({ ...outgoing(), [typo]: true });
    expect(failures.map((f) => f.property)).toContain(typo);
    expect(failures.find((f) => f.property === typo)?.reason).toContain(`did you mean "${intended}"`);
  });

  it("does not guess for a name far from any known one", () => {
    const { failures } = checkBatchArgs(outgoing({ colour: "blue" }));
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
      const { failures } = checkBatchArgs(raw);
      expect(failures.length).toBeGreaterThan(0);
      expect(JSON.stringify(failures)).not.toContain("Zebra");
    }
  });
});

describe("checkBatchArgs: good inputs", () => {
  const webhookMedia: Array<[string, CallMedium]> = [
    ["webRtc", { webRtc: {} }],
    [
      "webRtc with every data message flag",
      {
        webRtc: {
          dataMessages: {
            pong: true,
            state: true,
            transcript: true,
            clientToolInvocation: true,
            dataConnectionToolInvocation: false,
            playbackClearBuffer: false,
            callStarted: true,
            debug: false,
            callEvent: true,
            toolUsed: true,
            userStartedSpeaking: true,
            userStoppedSpeaking: true,
            invokingTool: false,
          },
        },
      },
    ],
    [
      "serverWebSocket",
      {
        serverWebSocket: {
          inputSampleRate: 16000,
          outputSampleRate: 24000,
          clientBufferSizeMs: 60,
          mediaIdleTimeout: "30.5s",
          dataMessages: { debug: true },
        },
      },
    ],
    ["twilio without outgoing", { twilio: { dtmfHandling: { ignore: true } } }],
    ["telnyx without outgoing", { telnyx: {} }],
    ["plivo without outgoing", { plivo: {} }],
    [
      "exotel",
      {
        exotel: { dtmfHandling: { userTextMessage: { text: "pressed {digits}", urgency: "URGENCY_SOON" } } },
      },
    ],
    ["sip incoming", { sip: { incoming: {} } }],
  ];
  const outgoingMedia: Array<[string, CallMedium]> = [
    [
      "twilio outgoing to a number",
      { twilio: { outgoing: { to: PHONE, from: CALLER, additionalParams: { a: 1 } } } },
    ],
    [
      "twilio outgoing to a SIP address",
      { twilio: { outgoing: { to: "sip:alice@example.com", from: CALLER } } },
    ],
    [
      "telnyx outgoing",
      { telnyx: { outgoing: { to: PHONE, from: CALLER }, dtmfHandling: { ignore: false } } },
    ],
    [
      "plivo outgoing to several",
      { plivo: { outgoing: { to: `${PHONE}<sip:bob@example.com`, from: CALLER } } },
    ],
    [
      "sip outgoing",
      { sip: { outgoing: { to: "sips:alice@example.com", from: "bob", username: "u", password: "p" } } },
    ],
  ];

  it.each(webhookMedia)("%s (with webhookUrl)", (_name, medium) => {
    expect(checkBatchArgs(webhook({ calls: [{ medium }] })).failures).toEqual([]);
  });

  it.each(outgoingMedia)("%s (without webhookUrl)", (_name, medium) => {
    expect(checkBatchArgs(outgoing({ calls: [{ medium }] })).failures).toEqual([]);
  });

  it("accepts every optional field together", () => {
    const raw = webhook({
      calls: [
        {
          medium: { webRtc: {} },
          metadata: { customer: "42", "ultra.vox": "ok" },
          templateContext: { name: "Ada", nested: { list: [1, null, "x"] } },
          experimentalSettings: { flag: true },
        },
        { medium: { sip: { outgoing: { to: "sip:a@b.example" } } } },
        {},
      ],
      windowStart: "2026-12-01T09:00:00+01:00",
      windowEnd: "2026-12-01T17:00:00.5+01:00",
      paused: false,
      webhookSecret: "s3cret",
      throttle: "ten-per-minute",
      adoptBatchId: BATCH,
    });
    expect(checkBatchArgs(raw).failures).toEqual([]);
  });

  it("treats an empty medium like no medium (needs a webhook)", () => {
    expect(properties(outgoing({ calls: [{ medium: {} }] }))).toEqual(["webhookUrl"]);
    expect(properties(webhook({ calls: [{ medium: {} }] }))).toEqual([]);
  });

  it("lets batchArgsSchema parse canonical inputs directly", () => {
    const { inputs } = checkBatchArgs(webhook());
    expect(batchArgsSchema.parse(inputs)).toEqual(inputs);
  });
});

describe("checkBatchArgs: canonical form", () => {
  it("spells timestamps in UTC with Z, keeping a non-zero fraction", () => {
    const { inputs, failures } = checkBatchArgs(
      outgoing({ windowStart: "2026-12-01T09:00:00+02:00", windowEnd: "2026-12-01T09:00:00.25+02:00" }),
    );
    expect(failures).toEqual([]);
    expect(inputs.windowStart).toBe("2026-12-01T07:00:00Z");
    expect(inputs.windowEnd).toBe("2026-12-01T07:00:00.250Z");
  });

  it.each([
    ["2026-12-01T07:00:00.000Z", "2026-12-01T07:00:00Z"],
    ["2026-12-01T07:00:00.123456Z", "2026-12-01T07:00:00.123456Z"],
    ["2026-12-01T07:00:00.1234500Z", "2026-12-01T07:00:00.12345Z"],
    ["2026-01-01T01:30:00+05:30", "2025-12-31T20:00:00Z"],
    ["2026-12-31T23:00:00-02:00", "2027-01-01T01:00:00Z"],
  ])("%s becomes %s", (given, canonical) => {
    expect(checkBatchArgs(outgoing({ windowStart: given })).inputs.windowStart).toBe(canonical);
  });

  it("sorts keys at every depth, so key order never matters", () => {
    const a = checkBatchArgs(
      webhook({ calls: [{ templateContext: { b: 1, a: { d: 1, c: 2 } }, medium: { webRtc: {} } }] }),
    ).inputs;
    const b = checkBatchArgs({
      webhookUrl: "https://example.com/hook",
      calls: [{ medium: { webRtc: {} }, templateContext: { a: { c: 2, d: 1 }, b: 1 } }],
      agentId: AGENT,
    }).inputs;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a)).toEqual(["agentId", "calls", "webhookUrl"]);
  });

  it("keeps the order of calls", () => {
    const calls = [{ metadata: { n: "2" } }, { metadata: { n: "1" } }];
    expect(checkBatchArgs(webhook({ calls })).inputs.calls).toEqual(calls);
  });

  it("drops null windows, undefined values and __-prefixed keys", () => {
    const { inputs, failures } = checkBatchArgs(
      outgoing({
        __provider: "exports.handler = ...",
        __other: 1,
        windowStart: null,
        windowEnd: null,
        throttle: undefined,
      }),
    );
    expect(failures).toEqual([]);
    expect(inputs).toEqual(outgoing());
    expect(Object.keys(inputs)).toEqual(["agentId", "calls"]);
  });

  it("drops undefined values inside calls", () => {
    const { inputs } = checkBatchArgs(webhook({ calls: [{ medium: { webRtc: {} }, metadata: undefined }] }));
    expect(inputs.calls).toEqual([{ medium: { webRtc: {} } }]);
  });

  it("returns best-effort inputs even with failures", () => {
    const { inputs, failures } = checkBatchArgs(outgoing({ paused: "yes", __provider: "x" }));
    expect(failures).toHaveLength(1);
    expect(inputs.paused).toBe("yes");
    expect(inputs.__provider).toBeUndefined();
  });
});

describe("checkBatchArgs: unknown values during preview", () => {
  const knownCall = { medium: { webRtc: {} } };
  const unknownCases: Array<[string, Record<string, unknown>]> = [
    ["agentId", webhook({ agentId: UNKNOWN })],
    ["the whole calls list", { agentId: AGENT, calls: UNKNOWN }],
    [
      "the whole calls list, with a webhookUrl",
      { agentId: AGENT, calls: UNKNOWN, webhookUrl: "https://e.x" },
    ],
    [
      "the whole calls list, with webhookSecret",
      { agentId: AGENT, calls: UNKNOWN, webhookUrl: UNKNOWN, webhookSecret: "x" },
    ],
    ["one call", { agentId: AGENT, calls: [UNKNOWN] }],
    ["one call's medium", { agentId: AGENT, calls: [{ medium: UNKNOWN }] }],
    ["twilio's value", { agentId: AGENT, calls: [{ medium: { twilio: UNKNOWN } }] }],
    ["twilio.outgoing", { agentId: AGENT, calls: [{ medium: { twilio: { outgoing: UNKNOWN } } }] }],
    [
      "a phone number",
      outgoing({ calls: [{ medium: { twilio: { outgoing: { to: UNKNOWN, from: UNKNOWN } } } }] }),
    ],
    [
      "a sip side",
      outgoing({ calls: [{ medium: { sip: { incoming: UNKNOWN, outgoing: { to: "sip:a@b" } } } }] }),
    ],
    [
      "a second medium",
      outgoing({ calls: [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } }, sip: UNKNOWN } }] }),
    ],
    ["a sample rate", withMedium({ serverWebSocket: { inputSampleRate: UNKNOWN } })],
    ["a data message flag", withMedium({ webRtc: { dataMessages: { debug: UNKNOWN } } })],
    ["a metadata value", webhook({ calls: [{ metadata: { id: UNKNOWN } }] })],
    ["templateContext", webhook({ calls: [{ templateContext: UNKNOWN }] })],
    ["both windows", outgoing({ windowStart: UNKNOWN, windowEnd: UNKNOWN })],
    ["windowEnd", outgoing({ windowStart: "2026-12-01T09:00:00Z", windowEnd: UNKNOWN })],
    ["paused", outgoing({ paused: UNKNOWN })],
    ["webhookUrl with all calls outgoing", outgoing({ webhookUrl: UNKNOWN })],
    ["webhookUrl with a webhook call", webhook({ webhookUrl: UNKNOWN, webhookSecret: "s" })],
    ["webhookSecret without webhookUrl", outgoing({ webhookSecret: UNKNOWN })],
    ["throttle and adoptBatchId", outgoing({ throttle: UNKNOWN, adoptBatchId: UNKNOWN })],
    [
      "a call next to a known outgoing one",
      outgoing({ calls: [...(outgoing().calls as unknown[]), UNKNOWN] }),
    ],
    ["a call next to a known webhook one", webhook({ calls: [knownCall, UNKNOWN] })],
  ];

  it.each(unknownCases)("never fails when %s is unknown, and keeps it as-is", (_name, raw) => {
    const { inputs, failures } = checkBatchArgs(raw);
    expect(failures).toEqual([]);
    expect(JSON.stringify(inputs)).toContain(UNKNOWN);
  });

  it("still checks the known values next to an unknown one", () => {
    const raw = webhook({
      agentId: UNKNOWN,
      paused: "no",
      calls: [{ medium: UNKNOWN }, { metadata: { n: 1 } }],
    });
    expect(properties(raw).sort()).toEqual(["calls[1].metadata.n", "paused"]);
  });

  it("still applies a webhook rule that a known call decides", () => {
    // calls[0] needs a webhook whatever the unknown call turns out to be.
    expect(properties({ agentId: AGENT, calls: [{ medium: { webRtc: {} } }, UNKNOWN] })).toEqual([
      "webhookUrl",
    ]);
  });

  it("still reports a typo whose value is unknown", () => {
    expect(properties(outgoing({ windowEnds: UNKNOWN }))).toEqual(["windowEnds"]);
  });
});

describe("checkBatchArgs: check-level rules (each failed, or passed silently, before)", () => {
  const twilio = (to: string, extra: Record<string, unknown> = {}) => ({
    medium: { twilio: { outgoing: { to, from: CALLER, ...extra } } },
  });

  it.each([
    ["metadata", '{"metadata": {"__proto__": "x"}}', "calls[0].metadata.__proto__"],
    [
      "templateContext",
      '{"templateContext": {"a": {"__proto__": {"b": 1}}}}',
      "calls[0].templateContext.a.__proto__",
    ],
    [
      "experimentalSettings",
      '{"experimentalSettings": {"constructor": 1}}',
      "calls[0].experimentalSettings.constructor",
    ],
  ])("an own prototype key in %s fails instead of vanishing from the POST", (_name, call, property) => {
    const raw = webhook({ calls: [{ medium: { webRtc: {} }, ...JSON.parse(call) }] });
    expect(properties(raw)).toEqual([property]);
  });

  it("an own __proto__ key in additionalParams fails", () => {
    const raw = outgoing({
      calls: [twilio(PHONE, { additionalParams: JSON.parse('{"__proto__": {"x": 1}}') })],
    });
    expect(properties(raw)).toEqual(["calls[0].medium.twilio.outgoing.additionalParams.__proto__"]);
  });

  it.each([
    [
      "NaN in templateContext",
      webhook({ calls: [{ templateContext: { score: Number.NaN } }] }),
      "calls[0].templateContext.score",
    ],
    [
      "Infinity in templateContext",
      webhook({ calls: [{ templateContext: { a: [Infinity] } }] }),
      "calls[0].templateContext.a[0]",
    ],
    [
      "-Infinity in additionalParams",
      outgoing({ calls: [twilio(PHONE, { additionalParams: { n: -Infinity } })] }),
      "calls[0].medium.twilio.outgoing.additionalParams.n",
    ],
  ])("%s fails (JSON would send null)", (_name, raw, property) => {
    const { failures } = checkBatchArgs(raw);
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]?.reason).toMatch(/finite/);
  });

  it("nesting 10,000 deep fails with a clear message, not a RangeError", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const { failures } = checkBatchArgs(webhook({ calls: [{ templateContext: deep }] }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property.startsWith("calls[0].templateContext.d.d")).toBe(true);
    expect(failures[0]?.reason).toMatch(/deeper than 64 levels/);
  });

  it.each([
    [" https://example.com/hook", /whitespace/],
    ["https://example.com/hook\n", /whitespace/],
    ["https://example.com/ho\tok", /control characters/],
    ["https://example.com/ho\u0085ok", /control characters/],
  ])("webhookUrl %j fails", (webhookUrl, reason) => {
    const { failures } = checkBatchArgs(webhook({ webhookUrl }));
    expect(failures).toEqual([{ property: "webhookUrl", reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ["too short for +1", "+1415555012", "calls[0].medium.twilio.outgoing.to"],
    ["too long for +1", "+141555501234", "calls[0].medium.twilio.outgoing.to"],
    ["a length no UK number has", "+4420718387", "calls[0].medium.twilio.outgoing.to"],
  ])("a number %s fails, naming its path", (_name, number, property) => {
    const { failures } = checkBatchArgs(outgoing({ calls: [twilio(number)] }));
    expect(failures.map((f) => f.property)).toEqual([property]);
  });

  it("checks the caller (from) of every phone medium", () => {
    const raw = outgoing({
      calls: [{ medium: { plivo: { outgoing: { to: PHONE, from: "+1415555099" } } } }],
    });
    expect(properties(raw)).toEqual(["calls[0].medium.plivo.outgoing.from"]);
  });

  it.each([
    ["a US number", "+14155550123"],
    ["a UK number", "+442071838750"],
    ["a German mobile", "+4915112345678"],
    ["a country calling code the metadata does not know (never rejected for stale metadata)", "+9991234567"],
  ])("accepts %s", (_name, number) => {
    expect(checkBatchArgs(outgoing({ calls: [twilio(number)] })).failures).toEqual([]);
  });
});

describe("checkBatchArgs: changes from the previous inputs", () => {
  it("refuses to un-pause a batch the previous inputs paused", () => {
    const olds = outgoing({ paused: true });
    expect(checkBatchArgs(outgoing(), olds).failures.map((f) => f.property)).toEqual(["paused"]);
    expect(checkBatchArgs(outgoing({ paused: true }), olds).failures).toEqual([]);
    expect(checkBatchArgs(outgoing({ paused: UNKNOWN }), olds).failures).toEqual([]);
  });

  it("refuses a different adoptBatchId than the previous inputs adopted", () => {
    const olds = outgoing({ adoptBatchId: BATCH });
    expect(checkBatchArgs(outgoing({ adoptBatchId: AGENT }), olds).failures.map((f) => f.property)).toEqual([
      "adoptBatchId",
    ]);
    expect(checkBatchArgs(outgoing(), olds).failures).toEqual([]);
  });

  it("leaves an adoptBatchId added after create to diff, which knows the batch id", () => {
    // The previous inputs of a resource that created its own batch do not hold its id: the value may
    // name that very batch (no change) or another one (diff fails the preview, see diff.test.ts).
    expect(checkBatchArgs(outgoing({ adoptBatchId: BATCH }), outgoing()).failures).toEqual([]);
  });
});
