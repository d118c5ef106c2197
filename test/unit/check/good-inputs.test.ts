import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import type { CallMedium } from "../../../src/batch/schema";
import { checkArgs } from "../../../src/fields/check";
import { BATCH, CALLER, PHONE } from "../../fixtures";
import { outgoing, properties, webhook } from "./inputs";

describe("check of a batch: good inputs", () => {
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
    expect(checkArgs(batch, webhook({ calls: [{ medium }] })).failures).toEqual([]);
  });

  it.each(outgoingMedia)("%s (without webhookUrl)", (_name, medium) => {
    expect(checkArgs(batch, outgoing({ calls: [{ medium }] })).failures).toEqual([]);
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
    expect(checkArgs(batch, raw).failures).toEqual([]);
  });

  it("treats an empty medium like no medium (needs a webhook)", () => {
    expect(properties(outgoing({ calls: [{ medium: {} }] }))).toEqual(["webhookUrl"]);
    expect(properties(webhook({ calls: [{ medium: {} }] }))).toEqual([]);
  });

  it("lets batch.argsSchema parse canonical inputs directly", () => {
    const { inputs } = checkArgs(batch, webhook());
    expect(batch.argsSchema.parse(inputs)).toEqual(inputs);
  });
});
