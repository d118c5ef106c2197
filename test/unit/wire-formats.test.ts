import { describe, expect, it } from "vitest";
import { batch as batchDefinition } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";
import { AGENT } from "../fixtures";

/** A webRtc batch (so webhookUrl is required) with these overrides. */
function batch(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    agentId: AGENT,
    calls: [{ medium: { webRtc: {} } }],
    webhookUrl: "https://h.example.com/x",
    ...overrides,
  };
}

const failuresOf = (raw: Record<string, unknown>) => checkArgs(batchDefinition, raw).failures;

describe("values the API's int32 and uri formats cannot carry fail check, naming the property", () => {
  it.each([
    ["a space", "https://h.example.com/a b", '" " at position 23'],
    ["a non-ASCII letter", "https://h.example.com/café", '"é" at position 25'],
    ["a brace", "https://h.example.com/{id}", '"{" at position 22'],
    ["a bracket outside the host", "https://h.example.com/a[0]", '"[" at position 23'],
    ["a stray percent sign", "https://h.example.com/100%", '"%" not followed by two hex digits'],
  ])("webhookUrl with %s", (_what, webhookUrl, where) => {
    const failures = failuresOf(batch({ webhookUrl }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("webhookUrl");
    expect(failures[0]?.reason).toContain(`must be a URI: ${where}`);
  });

  it("webhookUrl with a second #", () => {
    expect(failuresOf(batch({ webhookUrl: "https://h.example.com/x#a#b" }))).toEqual([
      {
        property: "webhookUrl",
        reason: 'must be a URI: only one "#" may start the fragment; encode the others as %23',
      },
    ]);
  });

  it("accepts percent-encoded text, an IP-literal host, user info, query and fragment", () => {
    for (const webhookUrl of [
      "https://h.example.com/caf%C3%A9?a=b%20c&d=(e)#top",
      "http://[::1]:8080/hook",
      "https://user:pw@h.example.com/~x;y=z",
    ]) {
      expect(failuresOf(batch({ webhookUrl }))).toEqual([]);
    }
  });

  it("serverWebSocket sizes above 2^31 - 1", () => {
    const medium = {
      serverWebSocket: {
        inputSampleRate: 2 ** 31,
        outputSampleRate: 2 ** 31 - 1,
        clientBufferSizeMs: 2 ** 40,
      },
    };
    expect(failuresOf(batch({ calls: [{ medium }] }))).toEqual([
      {
        property: "calls[0].medium.serverWebSocket.inputSampleRate",
        reason: "must be at most 2147483647 (the API takes a 32-bit integer); got 2147483648",
      },
      {
        property: "calls[0].medium.serverWebSocket.clientBufferSizeMs",
        reason: "must be at most 2147483647 (the API takes a 32-bit integer); got 1099511627776",
      },
    ]);
  });
});

describe("ids go into paths in lower case", () => {
  it("an upper-case agentId or adoptBatchId is lower-cased (the service's paths only match lower case)", () => {
    const upper = "ABCDEF01-2222-4333-8444-55555555555A";
    const { inputs, failures } = checkArgs(batchDefinition, batch({ agentId: upper, adoptBatchId: upper }));
    expect(failures).toEqual([]);
    expect(inputs.agentId).toBe(upper.toLowerCase());
    expect(inputs.adoptBatchId).toBe(upper.toLowerCase());
  });
});
