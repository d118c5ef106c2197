import type http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetClaims } from "../../src/batch/claims";
import { UltravoxApiError, UltravoxClient } from "../../src/batch/client";
import { AmbiguousCreateError, createBatchSafely } from "../../src/batch/safe-create";
import { SCAN_PAGE_SIZE } from "../../src/batch/token-scan";
import { AGENT, API_KEY, batch, recordingSleep, startServer, type TestServer } from "./scripted-server";

const SECRET = "whsec-keep-this-private";

const request = {
  windowStart: "2030-01-15T10:00:00+01:00",
  windowEnd: "2030-01-15T17:00:00Z",
  webhookSecret: SECRET,
  calls: [
    { medium: { twilio: { outgoing: { to: "+15550001", from: "+15559999" } } }, metadata: { lead: "1" } },
    { medium: { twilio: { outgoing: { to: "+15550002", from: "+15559999" } } }, templateContext: { n: "x" } },
  ],
};

/** What the service would store for `request` (server-formatted instants, keys in another order). */
function storedFor(batchId: string, createdMs = Date.now()): Record<string, unknown> {
  return batch({
    batchId,
    created: new Date(createdMs).toISOString(),
    windowStart: "2030-01-15T09:00:00Z",
    windowEnd: "2030-01-15T17:00:00.000Z",
    webhookSecret: SECRET,
    paused: false,
    totalCount: 2,
  });
}

const firstCall = {
  status: "FUTURE",
  batchId: "x",
  callId: null,
  error: null,
  metadata: { lead: "1" },
  medium: { twilio: { outgoing: { from: "+15559999", to: "+15550001" } } },
  templateContext: null,
  experimentalSettings: null,
};

interface FakeService {
  server: TestServer;
  posts: () => number;
}

let servers: TestServer[] = [];
// Claims are per process; every test here reuses the same batch ids.
beforeEach(() => resetClaims());
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/**
 * A service whose POST records the batch (when `record` says so) and then drops the connection
 * without answering; listing returns whatever `listed()` gives. A recorded batch lists the calls the
 * POST carried; any other batch lists `calls` (default: the request's first call, without a token).
 */
async function service(options: {
  record: boolean;
  listed: (created: Record<string, unknown>[]) => Record<string, unknown>[] | "fail";
  calls?: Record<string, unknown>[] | "fail";
}): Promise<FakeService> {
  const created: Record<string, unknown>[] = [];
  const postedCalls = new Map<string, unknown[]>();
  const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const path = req.url ?? "";
    const send = (status: number, payload: unknown) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
    if (req.method === "POST") {
      if (options.record) {
        const made = storedFor("cccccccc-0000-0000-0000-00000000000c");
        created.push(made);
        postedCalls.set(made.batchId as string, JSON.parse(body).calls);
      }
      res.socket?.destroy();
    } else if (path.includes("/scheduled_calls")) {
      const batchId = path.split("/scheduled_calls")[0]?.split("/").pop() ?? "";
      const calls = options.calls ?? postedCalls.get(batchId) ?? [firstCall];
      if (calls === "fail") send(500, { detail: "A server error occurred." });
      else send(200, { results: calls.map((call) => ({ ...firstCall, ...(call as object) })), next: null });
    } else {
      const listed = options.listed(created);
      if (listed === "fail") send(403, { detail: "Forbidden." });
      else send(200, { results: listed, next: null });
    }
  });
  servers.push(server);
  return { server, posts: () => server.requests.filter((r) => r.method === "POST").length };
}

function clientFor(baseUrl: string): UltravoxClient {
  const { sleep } = recordingSleep();
  return new UltravoxClient({ apiKey: API_KEY, baseUrl, sleep, random: () => 0.5, secrets: [SECRET] });
}

describe("createBatchSafely", () => {
  it("returns the created batch on the normal path", async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify(storedFor("ok-id"))),
    );
    servers.push(server);
    const result = await createBatchSafely(clientFor(server.baseUrl), AGENT, request);
    expect(result.batchId).toBe("ok-id");
    expect(server.requests).toHaveLength(1);
  });

  it("adopts the batch the service created when the connection dropped after the POST", async () => {
    const hourAgo = Date.now() - 3_600_000;
    const fake = await service({
      record: true,
      listed: (created) => [
        storedFor("old-identical", hourAgo), // same settings, but its calls do not carry our token
        { ...storedFor("other-window"), windowStart: "2030-01-15T08:00:00Z" },
        ...created,
      ],
    });
    const client = clientFor(fake.server.baseUrl);
    const result = await createBatchSafely(client, AGENT, request);
    expect(result.batchId).toBe("cccccccc-0000-0000-0000-00000000000c");
    expect(fake.posts()).toBe(1);
    const urls = fake.server.requests.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain(
      `GET /api/agents/${AGENT}/scheduled_batches/cccccccc-0000-0000-0000-00000000000c/scheduled_calls?pageSize=${SCAN_PAGE_SIZE}`,
    );
  });

  it("finds its batch by the token even when the listing shows the settings differently", async () => {
    const fake = await service({
      record: true,
      listed: (created) =>
        created.map((made) => ({ ...made, webhookSecret: "", throttle: "set-in-console" })),
    });
    const result = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request);
    expect(result.batchId).toBe("cccccccc-0000-0000-0000-00000000000c");
    expect(fake.posts()).toBe(1);
  });

  it("adopts no batch without its token, whatever its settings, and says what to check", async () => {
    const fake = await service({
      record: false,
      listed: () => [
        { ...storedFor("different-window"), windowEnd: "2030-01-15T18:00:00Z" },
        { ...storedFor("different-count"), totalCount: 3 },
        { ...storedFor("paused"), paused: true },
        { ...storedFor("other-secret"), webhookSecret: "another" },
      ],
    });
    const err = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    const message = (err as Error).message;
    expect(message).toContain("may or may not have happened");
    expect(message).toContain(`GET /api/agents/${AGENT}/scheduled_batches`);
    expect(message).toContain("adoptBatchId");
    expect(message).toContain("pulumi up");
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(API_KEY);
    expect((err as AmbiguousCreateError).candidateBatchIds).toEqual([]);
    expect(fake.posts()).toBe(1);
  });

  it("adopts none of several identical batches when none carries this create's token", async () => {
    const fake = await service({
      record: false,
      listed: () => [storedFor("first-match"), storedFor("second-match")],
    });
    const err = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    expect((err as Error).message).toContain("No batch carries this create's token");
    expect((err as AmbiguousCreateError).candidateBatchIds).toEqual([]);
    const callReads = fake.server.requests.filter((r) => r.url.includes("/scheduled_calls"));
    expect(callReads).toHaveLength(2);
    expect(fake.posts()).toBe(1);
  });

  it("does not adopt the batch it made when its calls lack the token (e.g. changed since)", async () => {
    const fake = await service({
      record: true,
      listed: (created) => created,
      calls: [{ ...firstCall, metadata: { lead: "1" } }],
    });
    const err = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    expect((err as Error).message).toContain("probably not created");
  });

  it("names the batches whose calls could not be read instead of guessing", async () => {
    const fake = await service({ record: true, listed: (created) => created, calls: "fail" });
    const err = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    expect((err as Error).message).toContain("Reading the calls of cccccccc-0000-0000-0000-00000000000c");
    expect((err as AmbiguousCreateError).candidateBatchIds).toEqual(["cccccccc-0000-0000-0000-00000000000c"]);
    expect(fake.posts()).toBe(1);
  });

  it("explains when the listing itself fails", async () => {
    const fake = await service({ record: true, listed: () => "fail" });
    const err = await createBatchSafely(clientFor(fake.server.baseUrl), AGENT, request).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    const message = (err as Error).message;
    expect(message).toContain("may or may not have happened");
    expect(message).toContain("403");
    expect(message).toContain("adoptBatchId");
    expect(fake.posts()).toBe(1);
  });

  it("passes other errors through untouched", async () => {
    const server = await startServer((_req, res) =>
      res
        .writeHead(400, { "Content-Type": "application/json" })
        .end(JSON.stringify({ calls: ["Required."] })),
    );
    servers.push(server);
    const err = await createBatchSafely(clientFor(server.baseUrl), AGENT, request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UltravoxApiError);
    expect(server.requests).toHaveLength(1);
  });
});
