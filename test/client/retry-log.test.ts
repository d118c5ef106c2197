import { describe, expect, it } from "vitest";
import { UltravoxClient } from "../../src/batch/client";
import { retryLine } from "../../src/http/retry-log";
import { DEFAULT_RETRY_POLICY } from "../../src/http/retry-policy";
import { AGENT, API_KEY, BATCH, batch, closedAfterEach, json, recordingSleep } from "./scripted-server";

const { scripted } = closedAfterEach();

describe("the line each wait shows in `pulumi up`", () => {
  it("says what was answered, to which request, how long it waits and which try comes next", async () => {
    const server = await scripted([
      json(429, { detail: "Request was throttled." }, { "Retry-After": "1" }),
      json(503, { detail: "unavailable" }),
      json(200, batch({ paused: true })),
    ]);
    const lines: string[] = [];
    const client = new UltravoxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      random: () => 0.5,
      onRetry: (info) => lines.push(retryLine(info, DEFAULT_RETRY_POLICY)),
    });
    await client.updateBatch(AGENT, BATCH, { paused: true });
    const path = `/api/agents/${AGENT}/scheduled_batches/${BATCH}`;
    expect(lines).toEqual([
      `ultravox: 429 Too Many Requests on PATCH ${path}, waiting 1.0 s (try 2; a rate limit is retried within the 60.0 s retry budget)`,
      // The 429 did not use up a try: the 503 is the first counted one.
      `ultravox: 503 Service Unavailable on PATCH ${path}, waiting 0.3 s (attempt 2 of 5)`,
    ]);
    for (const line of lines) expect(line).not.toContain(API_KEY);
  });
});
