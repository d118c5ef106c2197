import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outgoingCalls, outgoingSipCall, startTestEmulator, type TestEmulator } from "./helpers";

let emu: TestEmulator;
let nowMs: number;
beforeAll(async () => {
  emu = await startTestEmulator();
  nowMs = Date.parse((await emu.request("GET", "/_emulator/clock")).body.now);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.request("POST", "/_emulator/reset");
});

const at = (offsetSeconds: number): string => new Date(nowMs + offsetSeconds * 1000).toISOString();
const webhook = { webhookUrl: "https://example.com/hook" };
const TOO_SHORT = {
  non_field_errors: [
    "Batch window is too short: windowEnd must be at least 60 seconds after max(windowStart, now).",
  ],
};
const WEBHOOK_REQUIRED = {
  non_field_errors: [
    "webhookUrl is required when any call has a medium that is not outgoing (sip.outgoing, twilio.outgoing, telnyx.outgoing, plivo.outgoing).",
  ],
};
const WEBHOOK_FORBIDDEN = {
  non_field_errors: ["webhookUrl is not allowed when every call has an outgoing medium."],
};
const DATETIME =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

describe("POST validation: exact DRF-style bodies", () => {
  const cases: Array<[string, unknown, unknown]> = [
    ["calls missing", {}, { calls: ["This field is required."] }],
    ["calls empty", { calls: [] }, { calls: ["Ensure this field has at least 1 elements."] }],
    ["calls null", { calls: null }, { calls: ["This field may not be null."] }],
    ["calls not a list", { calls: "x" }, { calls: ['Expected a list of items but got type "str".'] }],
    ["body is a list", [], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    [
      "call item not an object",
      { calls: [outgoingSipCall(1), 5] },
      { calls: [{}, { non_field_errors: ["Invalid data. Expected a dictionary, but got int."] }] },
    ],
    [
      "two media keys on one call",
      { calls: [outgoingSipCall(1), { medium: { webRtc: {}, twilio: {} } }], ...webhook },
      { calls: [{}, { medium: ["At most one call medium may be set."] }] },
    ],
    [
      "sip with both incoming and outgoing",
      { calls: [{ medium: { sip: { incoming: {}, outgoing: { to: "sip:a@b" } } } }] },
      { calls: [{ medium: ["Exactly one of incoming or outgoing must be set for a sip medium."] }] },
    ],
    [
      "sip with neither",
      { calls: [{ medium: { sip: {} } }], ...webhook },
      { calls: [{ medium: ["Exactly one of incoming or outgoing must be set for a sip medium."] }] },
    ],
    [
      "unknown medium",
      { calls: [{ medium: { carrierPigeon: {} } }], ...webhook },
      {
        calls: [
          {
            medium: [
              "Unknown call medium: carrierPigeon. Expected one of: webRtc, twilio, serverWebSocket, telnyx, plivo, exotel, sip.",
            ],
          },
        ],
      },
    ],
    [
      "a medium field of the wrong type",
      { calls: [{ medium: { serverWebSocket: { inputSampleRate: "16k" } } }], ...webhook },
      { calls: [{ medium: ["serverWebSocket.inputSampleRate: Expected a 32-bit integer."] }] },
    ],
    [
      "a medium integer past 32 bits",
      { calls: [{ medium: { serverWebSocket: { inputSampleRate: 2 ** 31 } } }], ...webhook },
      { calls: [{ medium: ["serverWebSocket.inputSampleRate: Expected a 32-bit integer."] }] },
    ],
    [
      "an unknown field inside a medium, a bad duration and a bad enum value",
      {
        calls: [
          { medium: { twilio: { outgoing: { to: "+15550001", from: "+15550002", callerName: "x" } } } },
          { medium: { serverWebSocket: { inputSampleRate: 8000, mediaIdleTimeout: "30" } } },
          { medium: { exotel: { dtmfHandling: { userTextMessage: { urgency: "NOW" } } } } },
        ],
        ...webhook,
      },
      {
        calls: [
          { medium: ["twilio.outgoing.callerName: Unknown field."] },
          { medium: ['serverWebSocket.mediaIdleTimeout: Expected a duration such as "30s".'] },
          {
            medium: [
              "exotel.dtmfHandling.userTextMessage.urgency: Expected one of URGENCY_UNSPECIFIED, URGENCY_IMMEDIATE, URGENCY_SOON, URGENCY_LATER.",
            ],
          },
        ],
      },
    ],
    [
      "metadata value not a string",
      { calls: [outgoingSipCall(1, { metadata: { ok: "yes", n: 3 } })] },
      { calls: [{ metadata: ['Metadata values must be strings (key "n").'] }] },
    ],
    [
      "metadata not an object",
      { calls: [outgoingSipCall(1, { metadata: ["a"] })] },
      { calls: [{ metadata: ['Expected a dictionary of items but got type "list".'] }] },
    ],
    [
      "webhookUrl too long",
      { calls: [{}], webhookUrl: `https://example.com/${"a".repeat(181)}` },
      { webhookUrl: ["Ensure this field has no more than 200 characters."] },
    ],
    [
      "webhookUrl not a URI",
      { calls: [{}], webhookUrl: "not a url" },
      { webhookUrl: ["Enter a valid URL."] },
    ],
    [
      "webhookUrl with a space (Django's URL validator refuses whitespace)",
      { calls: [{}], webhookUrl: "https://example.com/a hook" },
      { webhookUrl: ["Enter a valid URL."] },
    ],
    [
      "webhookUrl not http(s)",
      { calls: [{}], webhookUrl: "ftp://example.com/x" },
      { webhookUrl: ["Enter a valid URL."] },
    ],
    ["webhookUrl wrong type", { calls: [{}], webhookUrl: 7 }, { webhookUrl: ["Not a valid string."] }],
    [
      "webhookSecret too long",
      { calls: [{}], ...webhook, webhookSecret: "s".repeat(121) },
      { webhookSecret: ["Ensure this field has no more than 120 characters."] },
    ],
    ["throttle wrong type", { calls: outgoingCalls(1), throttle: 1 }, { throttle: ["Not a valid string."] }],
    [
      "paused wrong type",
      { calls: outgoingCalls(1), paused: "yes" },
      { paused: ["Must be a valid boolean."] },
    ],
    ["paused null", { calls: outgoingCalls(1), paused: null }, { paused: ["This field may not be null."] }],
    [
      "windowStart without offset",
      { calls: outgoingCalls(1), windowStart: "2030-01-01T10:00:00" },
      { windowStart: [DATETIME] },
    ],
    ["windowEnd not a date", { calls: outgoingCalls(1), windowEnd: "tomorrow" }, { windowEnd: [DATETIME] }],
    [
      "windowEnd impossible date",
      { calls: outgoingCalls(1), windowEnd: "2030-02-30T10:00:00Z" },
      { windowEnd: [DATETIME] },
    ],
    [
      "windowStart a number",
      { calls: outgoingCalls(1), windowStart: 1700000000 },
      { windowStart: [DATETIME] },
    ],
    ["webhookUrl required for a non-outgoing call", { calls: [outgoingSipCall(1), {}] }, WEBHOOK_REQUIRED],
    [
      "webhookUrl required for sip.incoming",
      { calls: [{ medium: { sip: { incoming: {} } } }] },
      WEBHOOK_REQUIRED,
    ],
    [
      "webhookUrl required for twilio without outgoing",
      { calls: [{ medium: { twilio: {} } }] },
      WEBHOOK_REQUIRED,
    ],
    ["webhookUrl forbidden when all outgoing", { calls: outgoingCalls(2), ...webhook }, WEBHOOK_FORBIDDEN],
  ];

  it.each(cases)("%s", async (_name, body, expected) => {
    const res = await emu.request("POST", emu.batchesPath(), body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(expected);
    expect((await emu.request("GET", emu.batchesPath())).body.total).toBe(0);
  });

  it("reports several field errors at once", async () => {
    const res = await emu.request("POST", emu.batchesPath(), { webhookSecret: "s".repeat(121), paused: 1 });
    expect(res.body).toEqual({
      calls: ["This field is required."],
      webhookSecret: ["Ensure this field has no more than 120 characters."],
      paused: ["Must be a valid boolean."],
    });
  });

  it("accepts every outgoing medium without webhookUrl", async () => {
    const calls = [
      outgoingSipCall(1),
      { medium: { twilio: { outgoing: { to: "+15550001", from: "+15550002" } } } },
      { medium: { telnyx: { outgoing: { to: "+15550001", from: "+15550002" } } } },
      { medium: { plivo: { outgoing: { to: "+15550001", from: "+15550002" } } } },
    ];
    expect((await emu.request("POST", emu.batchesPath(), { calls })).status).toBe(201);
  });

  it("a body without Content-Type is not parsed (DRF), a non-JSON Content-Type is 415", async () => {
    const body = JSON.stringify({ calls: outgoingCalls(1) });
    const plainText = await fetch(`${emu.url}${emu.batchesPath()}`, {
      method: "POST",
      headers: { "X-API-Key": emu.apiKey },
      body,
    });
    expect(plainText.status).toBe(415);
    expect(await plainText.json()).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
    const untyped = await fetch(`${emu.url}${emu.batchesPath()}`, {
      method: "POST",
      headers: { "X-API-Key": emu.apiKey },
      body: new Blob([body]),
    });
    expect(untyped.status).toBe(400);
    expect(await untyped.json()).toEqual({ calls: ["This field is required."] });
    const typed = await emu.request("POST", emu.batchesPath(), body, {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(typed.status).toBe(201);
  });

  it("invalid JSON is a 400 JSON parse error", async () => {
    const res = await emu.request("POST", emu.batchesPath(), "{not json");
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^JSON parse error - /);
  });
});

describe("the window rule", () => {
  it("windowEnd closer than 60 s after now is rejected; 60 s is accepted", async () => {
    const short = await emu.request("POST", emu.batchesPath(), {
      calls: outgoingCalls(1),
      windowEnd: at(59),
    });
    expect(short.status).toBe(400);
    expect(short.body).toEqual(TOO_SHORT);
    const ok = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1), windowEnd: at(60) });
    expect(ok.status).toBe(201);
  });

  it("measures from windowStart when it is later than now; a past windowEnd is too short", async () => {
    const body = { calls: outgoingCalls(1), windowStart: at(3600), windowEnd: at(3630) };
    expect((await emu.request("POST", emu.batchesPath(), body)).body).toEqual(TOO_SHORT);
    const past = { calls: outgoingCalls(1), windowEnd: at(-10) };
    expect((await emu.request("POST", emu.batchesPath(), past)).body).toEqual(TOO_SHORT);
    const reversed = { calls: outgoingCalls(1), windowStart: at(7200), windowEnd: at(3600) };
    expect((await emu.request("POST", emu.batchesPath(), reversed)).body).toEqual(TOO_SHORT);
  });

  it("uses the configured minimum and states it", async () => {
    await emu.request("PATCH", "/_emulator/options", { minWindowSeconds: 600 });
    try {
      const res = await emu.request("POST", emu.batchesPath(), {
        calls: outgoingCalls(1),
        windowEnd: at(300),
      });
      expect(res.body).toEqual({
        non_field_errors: [
          "Batch window is too short: windowEnd must be at least 600 seconds after max(windowStart, now).",
        ],
      });
    } finally {
      await emu.request("PATCH", "/_emulator/options", { minWindowSeconds: 60 });
    }
  });
});

describe("PATCH validation", () => {
  async function createBatch(body: Record<string, unknown>): Promise<string> {
    const res = await emu.request("POST", emu.batchesPath(), body);
    expect(res.status).toBe(201);
    return `${emu.batchesPath()}/${res.body.batchId}`;
  }

  it("calls, when present, must be a non-empty list", async () => {
    const path = await createBatch({ calls: outgoingCalls(1) });
    expect((await emu.request("PATCH", path, { calls: [] })).body).toEqual({
      calls: ["Ensure this field has at least 1 elements."],
    });
    expect((await emu.request("PATCH", path, { calls: null })).body).toEqual({
      calls: ["This field may not be null."],
    });
  });

  it("evaluates the webhook rule against the resulting batch", async () => {
    const outgoing = await createBatch({ calls: outgoingCalls(1) });
    expect((await emu.request("PATCH", outgoing, webhook)).body).toEqual(WEBHOOK_FORBIDDEN);
    expect((await emu.request("PATCH", outgoing, { calls: [{}] })).body).toEqual(WEBHOOK_REQUIRED);
    const both = await emu.request("PATCH", outgoing, { calls: [{}], ...webhook });
    expect(both.status).toBe(200);
    expect(both.body.webhookUrl).toBe(webhook.webhookUrl);

    const hooked = await createBatch({ calls: [{}], ...webhook });
    expect((await emu.request("PATCH", hooked, { webhookUrl: null })).body).toEqual(WEBHOOK_REQUIRED);
    const toOutgoing = await emu.request("PATCH", hooked, { calls: outgoingCalls(1), webhookUrl: null });
    expect(toOutgoing.status).toBe(200);
    expect(toOutgoing.body.webhookUrl).toBeNull();
  });

  it("re-checks the window when windowStart/windowEnd change, against the resulting values", async () => {
    const path = await createBatch({ calls: outgoingCalls(1), windowStart: at(3600), windowEnd: at(7200) });
    expect((await emu.request("PATCH", path, { windowEnd: at(3620) })).body).toEqual(TOO_SHORT);
    expect((await emu.request("PATCH", path, { windowStart: at(7190) })).body).toEqual(TOO_SHORT);
    const ok = await emu.request("PATCH", path, { windowEnd: at(3660) });
    expect(ok.status).toBe(200);
    expect(ok.body.windowEnd).toBe(at(3660));
  });

  it("field errors are reported on PATCH too", async () => {
    const path = await createBatch({ calls: outgoingCalls(1) });
    expect((await emu.request("PATCH", path, { windowStart: "2030-01-01" })).body).toEqual({
      windowStart: [DATETIME],
    });
    expect((await emu.request("PATCH", path, "[1")).body.detail).toMatch(/^JSON parse error - /);
  });
});
