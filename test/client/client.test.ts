import { describe, expect, it } from "vitest";
import {
  type ClientOptions,
  UltravoxApiError,
  UltravoxClient,
  UltravoxNetworkError,
} from "../../src/batch/client";
import {
  AGENT,
  API_KEY,
  BATCH,
  batch,
  closedAfterEach,
  hang,
  json,
  recordingSleep,
  refusedPort,
  startServer,
  type TestServer,
  text,
} from "./scripted-server";

const { scripted, track } = closedAfterEach();

function clientFor(baseUrl: string, extra: Partial<ClientOptions> = {}) {
  const { waits, sleep } = recordingSleep();
  const retries: string[] = [];
  const client = new UltravoxClient({
    apiKey: API_KEY,
    baseUrl,
    sleep,
    random: () => 0.5,
    onRetry: (info) => retries.push(`${info.method} ${info.attempt} ${info.delayMs} ${info.reason}`),
    ...extra,
  });
  return { client, waits, retries };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`non-Error thrown: ${String(err)}`);
  }
  throw new Error("expected a rejection");
}

describe("request shapes and success paths", () => {
  it("createBatch POSTs JSON with auth headers and returns the parsed batch", async () => {
    const server = await scripted([json(201, { ...batch(), unknownField: 1 })]);
    const { client } = clientFor(`${server.baseUrl}/`);
    const result = await client.createBatch(AGENT, { calls: [{ metadata: { a: "1" } }] });
    expect(result.batchId).toBe(batch().batchId);
    expect(result).not.toHaveProperty("unknownField");
    const [req] = server.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe(`/api/agents/${AGENT}/scheduled_batches`);
    expect(req?.headers["x-api-key"]).toBe(API_KEY);
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["user-agent"]).toMatch(/^pulumi-ultravox\/\d+\.\d+\.\d+/);
    expect(JSON.parse(req?.body ?? "")).toEqual({ calls: [{ metadata: { a: "1" } }] });
  });

  it("getBatch GETs without a body or content type", async () => {
    const server = await scripted([json(200, batch({ paused: null, throttle: undefined }))]);
    const { client } = clientFor(server.baseUrl);
    const result = await client.getBatch(AGENT, BATCH);
    expect(result.paused).toBeNull();
    const [req] = server.requests;
    expect(req?.method).toBe("GET");
    expect(req?.url).toBe(`/api/agents/${AGENT}/scheduled_batches/${BATCH}`);
    expect(req?.headers["content-type"]).toBeUndefined();
    expect(req?.body).toBe("");
  });

  it("updateBatch PATCHes only the given body", async () => {
    const server = await scripted([json(200, batch({ paused: true }))]);
    const { client } = clientFor(server.baseUrl);
    const result = await client.updateBatch(AGENT, BATCH, { paused: true });
    expect(result.paused).toBe(true);
    expect(server.requests[0]?.method).toBe("PATCH");
    expect(server.requests[0]?.url).toBe(`/api/agents/${AGENT}/scheduled_batches/${BATCH}`);
    expect(server.requests[0]?.body).toBe('{"paused":true}');
  });

  it("deleteBatch DELETEs and accepts 204", async () => {
    const server = await scripted([(_req, res) => res.writeHead(204).end()]);
    const { client } = clientFor(server.baseUrl);
    await expect(client.deleteBatch(AGENT, BATCH)).resolves.toBeUndefined();
    expect(server.requests[0]?.method).toBe("DELETE");
  });

  it("listScheduledCalls sends pageSize and status", async () => {
    const server = await scripted([json(200, { results: [{ status: "FUTURE", medium: null }], next: null })]);
    const { client } = clientFor(server.baseUrl);
    const calls: Record<string, unknown>[] = [];
    for await (const call of client.listScheduledCalls(AGENT, BATCH, { pageSize: 1, status: "FUTURE" })) {
      calls.push(call);
    }
    expect(calls).toEqual([{ status: "FUTURE", medium: null }]);
    expect(server.requests[0]?.url).toBe(
      `/api/agents/${AGENT}/scheduled_batches/${BATCH}/scheduled_calls?pageSize=1&status=FUTURE`,
    );
  });

  it("listBatches follows absolute and relative next URLs over three pages", async () => {
    let base = "";
    const server = await startServer((req, res) => {
      const cursor = new URL(req.url ?? "", base).searchParams.get("cursor");
      const page = (ids: string[], next: string | null) =>
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify({ results: ids.map((batchId) => batch({ batchId })), next, total: 5 }));
      if (cursor === null)
        page(["b1", "b2"], `${base}/api/agents/${AGENT}/scheduled_batches?cursor=p2&pageSize=2`);
      else if (cursor === "p2") page(["b3", "b4"], "?cursor=p3&pageSize=2");
      else page(["b5"], null);
    });
    track(server);
    base = server.baseUrl;
    const { client } = clientFor(server.baseUrl);
    const ids: string[] = [];
    for await (const item of client.listBatches(AGENT, { pageSize: 2 })) ids.push(item.batchId);
    expect(ids).toEqual(["b1", "b2", "b3", "b4", "b5"]);
    expect(server.requests.map((req) => req.url)).toEqual([
      `/api/agents/${AGENT}/scheduled_batches?pageSize=2`,
      `/api/agents/${AGENT}/scheduled_batches?cursor=p2&pageSize=2`,
      `/api/agents/${AGENT}/scheduled_batches?cursor=p3&pageSize=2`,
    ]);
  });

  it("an unexpected success body is a clear error", async () => {
    const server = await scripted([json(200, { hello: "world" })]);
    const { client } = clientFor(server.baseUrl);
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect(err.message).toContain("unexpected response body");
    expect(err.message).toContain("batchId");
  });
});

describe("retries", () => {
  it("waits out a 429 storm using Retry-After seconds", async () => {
    const tooMany = json(429, { detail: "Request was throttled." }, { "Retry-After": "1" });
    const server = await scripted([tooMany, tooMany, tooMany, json(200, batch())]);
    const { client, waits, retries } = clientFor(server.baseUrl);
    await client.getBatch(AGENT, BATCH);
    expect(server.requests).toHaveLength(4);
    expect(waits).toEqual([1000, 1000, 1000]);
    expect(retries[0]).toBe("GET 1 1000 429 Too Many Requests");
  });

  it("429s count against the time budget only, not against maxAttempts", async () => {
    const tooMany = json(429, { detail: "Request was throttled." }, { "Retry-After": "1" });
    const server = await scripted([...Array(7).fill(tooMany), json(200, batch())]);
    const { client, waits } = clientFor(server.baseUrl, { retry: { maxAttempts: 3, budgetMs: 10_000 } });
    await client.getBatch(AGENT, BATCH);
    expect(server.requests).toHaveLength(8);
    expect(waits).toEqual(Array(7).fill(1000));
  });

  it("a 429 storm still ends when the time budget does", async () => {
    const tooMany = json(429, { detail: "Request was throttled." }, { "Retry-After": "1" });
    const server = await scripted(Array(10).fill(tooMany));
    const { client } = clientFor(server.baseUrl, { retry: { maxAttempts: 3, budgetMs: 4_500 } });
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect((err as UltravoxApiError).status).toBe(429);
    expect(err.message).toContain("would pass the retry budget of 4.5 s");
    expect(server.requests).toHaveLength(5);
  });

  it("honours a Retry-After HTTP date", async () => {
    const when = new Date(Date.now() + 3000).toUTCString();
    const server = await scripted([
      json(429, { detail: "slow down" }, { "Retry-After": when }),
      json(200, batch()),
    ]);
    const { client, waits } = clientFor(server.baseUrl);
    await client.getBatch(AGENT, BATCH);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it("retries 502/503/504 bursts with full-jitter backoff, then succeeds (PATCH)", async () => {
    const server = await scripted([
      text(502, "Bad Gateway"),
      json(503, { detail: "unavailable" }),
      text(504, ""),
      json(200, batch()),
    ]);
    const { client, waits } = clientFor(server.baseUrl);
    await client.updateBatch(AGENT, BATCH, { paused: true });
    expect(server.requests.map((req) => req.method)).toEqual(["PATCH", "PATCH", "PATCH", "PATCH"]);
    expect(waits).toEqual([250, 250, 500]);
  });

  it("gives up after maxAttempts with status, API message, hint and attempt count", async () => {
    const busy = json(503, { detail: "Service busy" });
    const server = await scripted([busy, busy, busy, busy, busy]);
    const { client, waits } = clientFor(server.baseUrl);
    const err = await caught(client.deleteBatch(AGENT, BATCH));
    expect(err).toBeInstanceOf(UltravoxApiError);
    const apiErr = err as UltravoxApiError;
    expect(apiErr.status).toBe(503);
    expect(apiErr.attempts).toBe(5);
    expect(apiErr.apiMessage).toBe("Service busy");
    expect(apiErr.message).toContain(
      `Ultravox API DELETE /api/agents/${AGENT}/scheduled_batches/${BATCH} failed: 503`,
    );
    expect(apiErr.message).toContain("Service busy");
    expect(apiErr.message).toContain("the service is overloaded or down; retry later");
    expect(apiErr.message).toMatch(/gave up after 5 attempts over \d+\.\d s/);
    expect(waits).toEqual([250, 250, 500, 1000]);
    expect(server.requests).toHaveLength(5);
  });

  it("stops when the next wait would pass the retry budget", async () => {
    const busy = text(502, "bad gateway");
    const server = await scripted([busy, busy, busy]);
    const { client, waits } = clientFor(server.baseUrl, {
      retry: { budgetMs: 1000, baseDelayMs: 1000, maxAttempts: 10 },
    });
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect(waits).toEqual([500]);
    expect(err.message).toContain("would pass the retry budget of 1.0 s");
    expect(err.message).toContain("gave up after 2 attempts");
  });

  it("fails fast when Retry-After is longer than the budget", async () => {
    const server = await scripted([
      json(429, { detail: "Request was throttled." }, { "Retry-After": "120" }),
    ]);
    const { client, waits } = clientFor(server.baseUrl);
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect((err as UltravoxApiError).status).toBe(429);
    expect(err.message).toContain("asked to wait 120.0 s (Retry-After)");
    expect(err.message).toContain("gave up after 1 attempt");
  });

  it("retries a GET that timed out", async () => {
    const server = await scripted([hang, json(200, batch())]);
    const { client, waits, retries } = clientFor(server.baseUrl, { requestTimeoutMs: 200 });
    await client.getBatch(AGENT, BATCH);
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([250]);
    expect(retries[0]).toContain("ETIMEDOUT");
  });

  it("does not retry a POST that timed out (ambiguous)", async () => {
    const server = await scripted([hang, json(201, batch())]);
    const { client, waits } = clientFor(server.baseUrl, { requestTimeoutMs: 200 });
    const err = await caught(client.createBatch(AGENT, { calls: [{}] }));
    expect(err).toBeInstanceOf(UltravoxNetworkError);
    expect((err as UltravoxNetworkError).ambiguous).toBe(true);
    expect(err.message).toContain("timed out");
    expect(err.message).toContain("may have reached the server");
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("does not retry a POST whose connection was reset after sending (ambiguous)", async () => {
    const server = await scripted([(_req, res) => res.socket?.destroy(), json(201, batch())]);
    const { client } = clientFor(server.baseUrl);
    const err = await caught(client.createBatch(AGENT, { calls: [{}] }));
    expect(err).toBeInstanceOf(UltravoxNetworkError);
    expect((err as UltravoxNetworkError).ambiguous).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a POST on connection refused, which never reached the server", async () => {
    const port = await refusedPort();
    const { waits, sleep } = recordingSleep();
    let late: TestServer | undefined;
    const client = new UltravoxClient({
      apiKey: API_KEY,
      baseUrl: `http://127.0.0.1:${port}`,
      random: () => 0.5,
      sleep: async (ms) => {
        await sleep(ms);
        // The service comes up while we wait.
        if (late === undefined) {
          late = await startServer(json(201, batch()), port);
          track(late);
        }
      },
    });
    const created = await client.createBatch(AGENT, { calls: [{}] });
    expect(created.batchId).toBe(batch().batchId);
    expect(waits).toEqual([250]);
    expect(late?.requests).toHaveLength(1);
  });

  it("reports refused connections as not ambiguous after exhausting attempts", async () => {
    const port = await refusedPort();
    const { client, waits } = clientFor(`http://127.0.0.1:${port}`, { retry: { maxAttempts: 3 } });
    const err = await caught(client.createBatch(AGENT, { calls: [{}] }));
    expect(err).toBeInstanceOf(UltravoxNetworkError);
    const netErr = err as UltravoxNetworkError;
    expect(netErr.ambiguous).toBe(false);
    expect(netErr.code).toBe("ECONNREFUSED");
    expect(netErr.attempts).toBe(3);
    expect(netErr.message).toContain("gave up after 3 attempts");
    expect(waits).toEqual([250, 250]);
  });

  it("does not retry a POST answered 500 or 502", async () => {
    for (const status of [500, 502]) {
      const server = await scripted([json(status, { detail: "boom" }), json(201, batch())]);
      const { client } = clientFor(server.baseUrl);
      const err = await caught(client.createBatch(AGENT, { calls: [{}] }));
      expect((err as UltravoxApiError).status).toBe(status);
      expect((err as UltravoxApiError).attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
    }
  });

  it("retries a POST answered 429 (refused before acting)", async () => {
    const server = await scripted([
      json(429, { detail: "throttled" }, { "Retry-After": "2" }),
      json(429, { detail: "throttled" }),
      json(201, batch()),
    ]);
    const { client, waits } = clientFor(server.baseUrl);
    await client.createBatch(AGENT, { calls: [{}] });
    expect(waits).toEqual([2000, 250]);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a POST answered 503 (a proxy may answer it after the service acted)", async () => {
    const server = await scripted([json(503, { detail: "no capacity" }), json(201, batch())]);
    const { client } = clientFor(server.baseUrl);
    const error = await caught(client.createBatch(AGENT, { calls: [{}] }));
    expect(error).toMatchObject({ status: 503, mayHaveActed: true });
    expect(server.requests).toHaveLength(1);
  });

  it("sends a PATCH carrying calls once after a 502; one without calls is retried", async () => {
    const withCalls = await scripted([json(502, { detail: "bad gateway" }), json(200, batch())]);
    const first = clientFor(withCalls.baseUrl).client;
    const error = await caught(first.updateBatch(AGENT, BATCH, { calls: [{}] }));
    expect(error).toMatchObject({ status: 502, mayHaveActed: true });
    expect(withCalls.requests).toHaveLength(1);

    const withoutCalls = await scripted([json(502, { detail: "bad gateway" }), json(200, batch())]);
    await clientFor(withoutCalls.baseUrl).client.updateBatch(AGENT, BATCH, { paused: true });
    expect(withoutCalls.requests).toHaveLength(2);
  });

  it("does not retry 400", async () => {
    const server = await scripted([json(400, { detail: "bad" }), json(200, batch())]);
    const { client } = clientFor(server.baseUrl);
    await caught(client.getBatch(AGENT, BATCH));
    expect(server.requests).toHaveLength(1);
  });
});

describe("error bodies", () => {
  it("flattens DRF field errors, including nested call items", async () => {
    const body = {
      windowEnd: ["Ensure this value is after windowStart."],
      calls: [
        {},
        {},
        { medium: ["At most one call medium may be set."], metadata: { "ultravox.x": ["Reserved."] } },
      ],
      non_field_errors: ["Batch window is too short: at least 3600 seconds are needed."],
    };
    const server = await scripted([json(400, body)]);
    const { client } = clientFor(server.baseUrl);
    const err = (await caught(client.updateBatch(AGENT, BATCH, { windowEnd: "x" }))) as UltravoxApiError;
    expect(err).toBeInstanceOf(UltravoxApiError);
    expect(err.status).toBe(400);
    expect(err.fieldErrors).toEqual(body);
    expect(err.message).toBe(
      `Ultravox API PATCH /api/agents/${AGENT}/scheduled_batches/${BATCH} failed: 400 Bad Request: ` +
        "windowEnd: Ensure this value is after windowStart.; calls[2].medium: At most one call medium may be set.; " +
        "calls[2].metadata.ultravox.x: Reserved.; Batch window is too short: at least 3600 seconds are needed.",
    );
  });

  it("understands DRF ListField errors keyed by index", async () => {
    const server = await scripted([json(400, { calls: { "3": { medium: ["Invalid."] } } })]);
    const { client } = clientFor(server.baseUrl);
    const err = await caught(client.createBatch(AGENT, { calls: [] }));
    expect(err.message).toContain("calls[3].medium: Invalid.");
  });

  it('reads {"detail": ...}, {"error": {...}} and plain-text bodies', async () => {
    const server = await scripted([
      json(403, { detail: "You do not have permission to perform this action." }),
      json(400, { error: { code: "invalid_request", message: "windowStart is in the past" } }),
      text(400, "<html>\n  Bad   request\n</html>"),
    ]);
    const { client } = clientFor(server.baseUrl);
    const forbidden = (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError;
    expect(forbidden.apiMessage).toBe("You do not have permission to perform this action.");
    expect(forbidden.message).toContain("check ultravox:apiKey or ULTRAVOX_API_KEY");
    const grpc = (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError;
    expect(grpc.apiMessage).toBe("invalid_request: windowStart is in the past");
    expect(grpc.fieldErrors).toBeUndefined();
    const raw = (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError;
    expect(raw.apiMessage).toBe("<html> Bad request </html>");
  });

  it("404 on a batch says to refresh", async () => {
    const server = await scripted([json(404, { detail: "Not found." })]);
    const { client } = clientFor(server.baseUrl);
    const err = (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError;
    expect(err.status).toBe(404);
    expect(err.message).toBe(
      `Ultravox API GET /api/agents/${AGENT}/scheduled_batches/${BATCH} failed: 404 Not Found: Not found. ` +
        "(the batch no longer exists; run `pulumi refresh`)",
    );
  });

  it("401 hint names both places the key comes from", async () => {
    const server = await scripted([json(401, { detail: "Invalid API key." })]);
    const { client } = clientFor(server.baseUrl);
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect(err.message).toContain(
      "401 Unauthorized: Invalid API key. (check ultravox:apiKey or ULTRAVOX_API_KEY)",
    );
  });

  it("never shows the api key or a listed secret, wherever the body echoes them", async () => {
    const webhookSecret = "whsec-very-private-value";
    const server = await scripted([
      json(400, {
        webhookSecret: [`'${webhookSecret}' is too long`],
        calls: [{ medium: [`bad ${API_KEY}`] }],
      }),
      text(401, `key ${API_KEY} rejected`),
      json(400, { error: { code: "bad", message: webhookSecret } }),
    ]);
    const { client } = clientFor(server.baseUrl, { secrets: [webhookSecret, ""] });
    const errors = [
      (await caught(client.createBatch(AGENT, { webhookSecret, calls: [{}] }))) as UltravoxApiError,
      (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError,
      (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError,
    ];
    for (const err of errors) {
      const everything = `${err.message} ${err.apiMessage} ${JSON.stringify(err.fieldErrors)} ${err.stack}`;
      expect(everything).not.toContain(API_KEY);
      expect(everything).not.toContain(webhookSecret);
      expect(err.message).toContain("[secret]");
    }
    expect(errors[0]?.message).toContain("webhookSecret: '[secret]' is too long");
  });

  it("never shows a secret the status line echoes, when the body says nothing", async () => {
    const webhookSecret = "whsec-in-the-reason-phrase";
    const reason = (phrase: string) => (_req: unknown, res: import("node:http").ServerResponse) =>
      res.writeHead(400, phrase, { "Content-Type": "text/plain" }).end();
    const server = await scripted([
      reason(`Bad webhookSecret ${webhookSecret}`),
      reason(`Bad key ${API_KEY}`),
    ]);
    const { client } = clientFor(server.baseUrl, { secrets: [webhookSecret] });
    const errors = [
      (await caught(client.createBatch(AGENT, { webhookSecret, calls: [{}] }))) as UltravoxApiError,
      (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError,
    ];
    for (const err of errors) {
      const everything = `${err.message} ${err.apiMessage} ${err.stack}`;
      expect(everything).not.toContain(API_KEY);
      expect(everything).not.toContain(webhookSecret);
      expect(err.apiMessage).toMatch(/^Bad (webhookSecret|key) \[secret\]$/);
    }
  });

  it("network error messages do not carry the api key", async () => {
    const port = await refusedPort();
    const { client } = clientFor(`http://127.0.0.1:${port}`, { retry: { maxAttempts: 1 } });
    const err = await caught(client.getBatch(AGENT, BATCH));
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).toContain("ECONNREFUSED");
  });
});
