import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { AGENT, CALLER, PHONE, UNKNOWN } from "../../fixtures";
import { outgoing, properties, webhook, withMedium } from "./inputs";

describe("check of a batch: unknown values during preview", () => {
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
    const { inputs, failures } = checkArgs(batch, raw);
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

describe("adoptBatchId from another resource's output (unknown at preview)", () => {
  const program = {
    agentId: AGENT,
    calls: [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } }],
  };

  it("added to a batch that exists: fails at preview, saying why, rather than at up", () => {
    const { failures } = checkArgs(batch, { ...program, adoptBatchId: UNKNOWN }, program);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("adoptBatchId");
    expect(failures[0]?.reason).toMatch(/known only at apply/);
  });

  it("on create (no previous inputs): any batch may be adopted, so no failure", () => {
    expect(checkArgs(batch, { ...program, adoptBatchId: UNKNOWN }).failures).toEqual([]);
  });

  it("already set and still unknown: may be the same value, so no failure", () => {
    const adopted = { ...program, adoptBatchId: "0f1e2d3c-4b5a-4697-8887-796a5b4c3d2e" };
    expect(checkArgs(batch, { ...program, adoptBatchId: UNKNOWN }, adopted).failures).toEqual([]);
  });
});
