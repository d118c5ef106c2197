// The OpenAPI checker itself: it accepts what the description allows and names what it does not.
import { describe, expect, it } from "vitest";
import { AGENT, BATCH } from "../fixtures";
import { answerViolations, type Exchange, requestViolations } from "./exchange-violations";

const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;
const ONE_BATCH = `${BATCHES}/${BATCH}`;

const batchAnswer = {
  batchId: BATCH,
  created: "2026-12-01T07:00:00.000Z",
  totalCount: 1,
  completedCount: 0,
  endedAt: null,
  windowStart: null,
  windowEnd: "2026-12-02T07:00:00Z",
  throttle: null,
  webhookUrl: null,
  webhookSecret: "generated",
  paused: false,
};

const sipCall = { medium: { sip: { outgoing: { to: "sip:a@example.com", from: "x", password: "pw" } } } };

function exchange(overrides: Partial<Exchange>): Exchange {
  const body = overrides.requestBody;
  return {
    method: "GET",
    path: ONE_BATCH,
    query: {},
    requestContentType: body === undefined || body === null ? null : "application/json",
    requestBodyBytes: body === undefined || body === null ? 0 : JSON.stringify(body).length,
    requestBody: null,
    status: 200,
    answerBody: batchAnswer,
    ...overrides,
  };
}

const post = (requestBody: unknown, answer: Partial<Exchange> = {}) =>
  exchange({ method: "POST", path: BATCHES, requestBody, status: 201, ...answer });

describe("requests", () => {
  it("accepts a create with calls of every medium, nulls where the schema allows them", () => {
    const body = {
      calls: [
        sipCall,
        {
          medium: { twilio: { outgoing: { to: "+1", from: "+2", additionalParams: { a: 1 } } } },
          metadata: { k: "v" },
        },
        { medium: { webRtc: { dataMessages: { transcript: true } } }, templateContext: { any: ["thing"] } },
        { medium: null, metadata: null, experimentalSettings: null },
        {},
      ],
      windowStart: null,
      windowEnd: "2026-12-02T07:00:00Z",
      throttle: "t",
      webhookUrl: "https://hooks.example.com/x",
      webhookSecret: "s",
      paused: false,
    };
    expect(requestViolations(post(body))).toEqual([]);
  });

  it("names readOnly properties sent in a body, at any depth", () => {
    const body = { batchId: BATCH, calls: [{ ...sipCall, status: "FUTURE", callId: null }] };
    expect(requestViolations(post(body))).toEqual([
      "request body/batchId is readOnly: a request must not send it",
      "request body/calls/0/status is readOnly: a request must not send it",
      "request body/calls/0/callId is readOnly: a request must not send it",
    ]);
  });

  it("names type, null, length, format and list-size errors by path", () => {
    const body = {
      calls: [],
      paused: null,
      webhookSecret: "x".repeat(121),
      webhookUrl: "not a url",
      windowEnd: "tomorrow",
    };
    const problems = requestViolations(exchange({ method: "PATCH", requestBody: body }));
    expect(problems).toEqual(
      expect.arrayContaining([
        "request body/calls must NOT have fewer than 1 items",
        "request body/paused must be boolean",
        "request body/webhookSecret must NOT have more than 120 characters",
        'request body/webhookUrl must match format "uri"',
        'request body/windowEnd must match format "date-time"',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("checks the call medium's nested schema", () => {
    const body = { calls: [{ medium: { sip: { outgoing: { to: 42 } } } }] };
    expect(requestViolations(post(body))).toEqual([
      "request body/calls/0/medium/sip/outgoing/to must be string",
    ]);
  });

  it("requires the create body and refuses bodies on operations without one", () => {
    expect(requestViolations(post(null))).toEqual([
      "sends no body, but agents_scheduled_batches_create requires one",
    ]);
    expect(requestViolations(exchange({ method: "DELETE", requestBody: {}, requestBodyBytes: 2 }))).toEqual([
      "sends a body, but agents_scheduled_batches_destroy takes none",
    ]);
    expect(
      requestViolations(
        exchange({ method: "PATCH", requestBody: { paused: true }, requestContentType: "text/plain" }),
      ),
    ).toEqual(['sends Content-Type "text/plain", but the operation accepts application/json']);
  });

  it("checks path parameter formats, query parameters and unknown operations", () => {
    expect(requestViolations(exchange({ path: `${BATCHES}/not-a-uuid` }))).toEqual([
      'path parameter batch_id must match format "uuid"',
    ]);
    expect(
      requestViolations(exchange({ path: BATCHES, query: { pageSize: "ten", cursor: "abc", order: "x" } })),
    ).toEqual([
      "query parameter pageSize must be integer",
      "query parameter order is not declared (declared: cursor, pageSize)",
    ]);
    expect(
      requestViolations(exchange({ path: `${ONE_BATCH}/scheduled_calls`, query: { status: "DONE" } })),
    ).toEqual(["query parameter status must be equal to one of the allowed values"]);
    expect(requestViolations(exchange({ path: `${BATCHES}/${BATCH}/resume` }))).toEqual([
      `no path of the API description matches ${BATCHES}/${BATCH}/resume`,
    ]);
    expect(requestViolations(exchange({ method: "PUT" }))).toEqual([
      "/api/agents/{agent_id}/scheduled_batches/{batch_id} has no PUT operation in the API description",
    ]);
  });
});

describe("answers", () => {
  it("accepts a batch, a page of batches and a page of scheduled calls", () => {
    expect(answerViolations(exchange({}))).toEqual([]);
    const page = {
      results: [batchAnswer],
      next: "http://127.0.0.1:1/x?cursor=abc",
      previous: null,
      total: 1,
    };
    expect(answerViolations(exchange({ path: BATCHES, answerBody: page }))).toEqual([]);
    const item = { status: "FUTURE", batchId: BATCH, callId: null, error: null, ...sipCall, metadata: null };
    const calls = { results: [item], next: null, previous: null, total: 1 };
    expect(answerViolations(exchange({ path: `${ONE_BATCH}/scheduled_calls`, answerBody: calls }))).toEqual(
      [],
    );
  });

  it("names missing required properties, writeOnly properties and wrong types", () => {
    const { totalCount: _, ...withoutCount } = batchAnswer;
    const body = { ...withoutCount, calls: [sipCall], endedAt: "yesterday", paused: null };
    expect(answerViolations(exchange({ answerBody: body }))).toEqual([
      "200 answer must have required property 'totalCount'",
      "200 answer/paused must be boolean",
      '200 answer/endedAt must match format "date-time"',
      "200 answer/calls is writeOnly: an answer must not carry it",
    ]);
    const page = { results: [{ ...batchAnswer, batchId: "b-1" }], next: "/relative?cursor=1" };
    expect(answerViolations(exchange({ path: BATCHES, answerBody: page }))).toEqual([
      '200 answer/next must match format "uri"',
      '200 answer/results/0/batchId must match format "uuid"',
    ]);
  });

  it("refuses undeclared success statuses and bodies on 204", () => {
    expect(answerViolations(post({ calls: [sipCall] }, { status: 200 }))).toEqual([
      "answers 200, which is not a declared answer: agents_scheduled_batches_create declares 201",
    ]);
    expect(answerViolations(exchange({ method: "DELETE", status: 204, answerBody: {} }))).toEqual([
      "a 204 answer must have no body; it has {}",
    ]);
    expect(answerViolations(exchange({ method: "DELETE", status: 204, answerBody: undefined }))).toEqual([]);
  });

  it("holds error answers to the DRF convention: detail, or field errors for a 400", () => {
    const error = (status: number, answerBody: unknown) => answerViolations(exchange({ status, answerBody }));
    expect(error(404, { detail: "Not found." })).toEqual([]);
    expect(error(429, { detail: "Request was throttled." })).toEqual([]);
    expect(error(400, { calls: [{}, { medium: ["Unknown call medium"] }], non_field_errors: ["x"] })).toEqual(
      [],
    );
    expect(error(400, { paused: "A paused batch cannot be resumed." })).toEqual([
      "paused must be a non-empty list of messages, a map of field errors or a list of item errors",
    ]);
    expect(error(404, { error: { code: "not_found" } })).toEqual([
      'a 404 answer must be {"detail": "..."}; got {"error":{"code":"not_found"}}',
    ]);
    expect(error(500, undefined)).toEqual(["a 500 answer has no body (expected a JSON object)"]);
  });
});

describe("call throttles (the schema the batch's throttle names)", () => {
  const THROTTLES = "/api/call_throttles";
  const throttle = {
    throttleId: BATCH,
    name: "gentle",
    created: "2026-12-01T07:00:00Z",
    rules: [{ maxCalls: 10, windowSeconds: 60 }],
  };

  it("accepts a create body and the throttle and page answers", () => {
    const body = { name: "gentle", rules: [{ maxCalls: 100, windowSeconds: 86400 }] };
    expect(requestViolations(exchange({ method: "POST", path: THROTTLES, requestBody: body }))).toEqual([]);
    expect(
      answerViolations(exchange({ method: "POST", path: THROTTLES, status: 201, answerBody: throttle })),
    ).toEqual([]);
    const page = { results: [throttle], next: null, previous: null, total: 1 };
    expect(answerViolations(exchange({ path: THROTTLES, answerBody: page }))).toEqual([]);
  });

  it("names readOnly ids, rule bounds, missing fields and a PUT without its required keys", () => {
    const body = { throttleId: BATCH, name: "n".repeat(65), rules: [{ maxCalls: 101, windowSeconds: 0 }] };
    expect(requestViolations(exchange({ method: "POST", path: THROTTLES, requestBody: body }))).toEqual([
      "request body/throttleId is readOnly: a request must not send it",
      "request body/name must NOT have more than 64 characters",
      "request body/rules/0/maxCalls must be <= 100",
      "request body/rules/0/windowSeconds must be >= 1",
    ]);
    const put = exchange({ method: "PUT", path: `${THROTTLES}/${BATCH}`, requestBody: { name: "x" } });
    expect(requestViolations(put)).toEqual(["request body must have required property 'rules'"]);
    const patch = exchange({ method: "PATCH", path: `${THROTTLES}/${BATCH}`, requestBody: { rules: [] } });
    expect(requestViolations(patch)).toEqual([]);
  });
});
