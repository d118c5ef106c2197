// Whatever passes the provider's check becomes request bodies the OpenAPI description accepts:
// generated programs -> checkArgs(batch) -> the POST body and every PATCH value -> the checker.
// At most two programs are skipped (failed check) per one checked, so the property is not vacuous.
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { batch } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";
import { createBody, patchValue } from "../../src/fields/field-rules";
import { AGENT, BATCH, CALLER, PHONE } from "../fixtures";
import { type Exchange, requestViolations } from "./exchange-violations";

const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

function request(method: "POST" | "PATCH", body: unknown): Exchange {
  return {
    method,
    path: method === "POST" ? BATCHES : `${BATCHES}/${BATCH}`,
    query: {},
    requestContentType: "application/json",
    requestBodyBytes: JSON.stringify(body).length,
    // What the emulator journals: the body as it arrives, parsed.
    requestBody: JSON.parse(JSON.stringify(body)),
    status: null,
    answerBody: undefined,
  };
}

/** Text a user may type: mostly plain, sometimes with spaces, symbols, non-ASCII or escapes. */
const text = (maxLength: number, minLength = 0) =>
  fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: "grapheme", minLength, maxLength }));

const webhookUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.webUrl(), text(12)).map(([url, tail]) => `${url}/${tail}`),
);

/** Integers around every bound a sample rate or buffer size might meet. */
const integer = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }),
  fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);

const medium = fc.oneof(
  fc.record({
    webRtc: fc.record({ dataMessages: fc.record({ transcript: fc.boolean() }) }, { requiredKeys: [] }),
  }),
  fc.record({
    serverWebSocket: fc.record(
      {
        inputSampleRate: integer,
        outputSampleRate: integer,
        clientBufferSizeMs: integer,
        mediaIdleTimeout: fc.oneof(fc.constantFrom("30s", "1.5s", "0s"), text(6)),
      },
      { requiredKeys: ["inputSampleRate"] },
    ),
  }),
  fc.record({
    twilio: fc.record({
      outgoing: fc.record({ to: fc.constant(PHONE), from: fc.constant(CALLER) }),
      dtmfHandling: fc.record({ userTextMessage: fc.record({ text: text(20) }) }),
    }),
  }),
  fc.record({
    sip: fc.record({
      outgoing: fc.record(
        { to: text(20).map((s) => `sip:${s}`), from: text(10), username: text(10), password: text(10) },
        { requiredKeys: ["to"] },
      ),
    }),
  }),
  fc.record({ exotel: fc.record({ dtmfHandling: fc.record({ ignore: fc.boolean() }) }) }),
);

const call = fc.record(
  {
    medium,
    metadata: fc.dictionary(text(8), text(8), { maxKeys: 3 }),
    templateContext: fc.dictionary(text(8), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  },
  { requiredKeys: ["medium"] },
);

const program = fc.record(
  {
    agentId: fc.constant(AGENT),
    // A webRtc call first, so webhookUrl is required (with only outgoing calls it is forbidden).
    calls: fc.array(call, { maxLength: 3 }).map((calls) => [{ medium: { webRtc: {} } }, ...calls]),
    webhookUrl,
    webhookSecret: text(130, 1),
    throttle: text(70, 1),
    paused: fc.boolean(),
    windowStart: fc.constantFrom("2030-01-15T09:00:00-05:00", "2030-01-15T14:00:00Z"),
    windowEnd: fc.constantFrom("2030-01-16T17:00:00+01:00", "2030-01-17T00:00:00.5Z"),
  },
  { requiredKeys: ["agentId", "calls", "webhookUrl"] },
);

describe("request bodies built from checked inputs", () => {
  it.prop([program], { numRuns: 300, maxSkipsPerRun: 2 })(
    "match the description (POST body, and PATCH values)",
    (raw) => {
      const { inputs, failures } = checkArgs(batch, raw);
      fc.pre(failures.length === 0);
      expect(requestViolations(request("POST", createBody(batch, inputs)))).toEqual([]);
      const patch = Object.fromEntries(
        batch.bodyFields.map((field) => [field, patchValue(batch, field, inputs[field])]),
      );
      expect(requestViolations(request("PATCH", patch))).toEqual([]);
    },
  );
});
