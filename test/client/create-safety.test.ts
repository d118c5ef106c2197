import type http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetClaims } from "../../src/batch/claims";
import { UltravoxClient } from "../../src/batch/client";
import {
  AmbiguousCreateError,
  createBatchSafely,
  UnreadCreatedBatchError,
} from "../../src/batch/safe-create";
import { AGENT, API_KEY, batch, recordingSleep, startServer, type TestServer } from "./scripted-server";

/**
 * A create whose batch exists must never lead to a second batch, and two identical resources must
 * never end up sharing one batch.
 */

const request = {
  windowStart: "2030-01-15T09:00:00Z",
  windowEnd: "2030-01-15T17:00:00Z",
  calls: [{ metadata: { lead: "1" } }, { metadata: { lead: "2" } }],
};
const firstCall = { status: "FUTURE", metadata: { lead: "1" }, medium: null, templateContext: null };

let servers: TestServer[] = [];
beforeEach(() => resetClaims());
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/**
 * A service that stores a batch for each POST it processes and answers it with `answer(n, batch)`;
 * listing shows every stored batch, and a batch's scheduled_calls show the calls its POST carried
 * (a batch put into `stored` directly, someone else's, shows the request's calls without a token).
 */
async function service(
  answer: (n: number, stored: Record<string, unknown>, res: http.ServerResponse) => void,
  options: { failGet?: boolean } = {},
): Promise<{ server: TestServer; stored: Record<string, unknown>[] }> {
  const stored: Record<string, unknown>[] = [];
  const postedCalls = new Map<string, unknown[]>();
  const server = await startServer((req, res, body) => {
    const send = (status: number, payload: unknown) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method === "POST") {
      const n = stored.length + 1;
      const made = batch({
        batchId: `cccccccc-0000-0000-0000-00000000000${n}`,
        created: new Date().toISOString(),
      });
      stored.push(made); // stored before the answer is decided: the service acted
      postedCalls.set(made.batchId as string, JSON.parse(body).calls);
      answer(n, made, res);
      return;
    }
    if (path.endsWith("/scheduled_calls")) {
      const id = path.split("/").at(-2) ?? "";
      const calls = postedCalls.get(id) ?? request.calls;
      send(200, { results: calls.map((call) => ({ ...firstCall, ...(call as object) })), next: null });
    } else if (/scheduled_batches\/[^/]+$/.test(path)) {
      const found = stored.find((b) => b.batchId === path.split("/").pop());
      if (options.failGet) send(500, { detail: "A server error occurred." });
      else if (found) send(200, found);
      else send(404, { detail: "Not found." });
    } else send(200, { results: stored, next: null });
  });
  servers.push(server);
  return { server, stored };
}

function clientFor(baseUrl: string): UltravoxClient {
  return new UltravoxClient({ apiKey: API_KEY, baseUrl, random: () => 0.5, sleep: recordingSleep().sleep });
}

const posts = (server: TestServer) => server.requests.filter((r) => r.method === "POST").length;

describe("orphaned create: 2xx with an unusable body", () => {
  const bodies: [string, string, string][] = [
    ["HTML", "text/html", "<html><body>Created</body></html>"],
    ["null", "application/json", "null"],
    ["JSON without batchId", "application/json", '{"ok":true}'],
  ];
  for (const [name, type, text] of bodies) {
    it(`201 with ${name}: the batch is found by listing and adopted, never posted again`, async () => {
      const { server, stored } = await service((_n, _made, res) => {
        res.writeHead(201, { "Content-Type": type }).end(text);
      });
      const result = await createBatchSafely(clientFor(server.baseUrl), AGENT, request);
      expect(stored).toHaveLength(1);
      expect(result.batchId).toBe(stored[0]?.batchId);
      expect(posts(server)).toBe(1);
    });
  }

  it("201 naming only the batchId: that batch is read back and recorded", async () => {
    const { server, stored } = await service((_n, made, res) => {
      res
        .writeHead(201, { "Content-Type": "application/json" })
        .end(JSON.stringify({ batchId: made.batchId }));
    });
    const result = await createBatchSafely(clientFor(server.baseUrl), AGENT, request);
    expect(result.batchId).toBe(stored[0]?.batchId);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("201 naming only the batchId and the read-back fails: the error carries that batch id", async () => {
    const { server, stored } = await service(
      (_n, made, res) => {
        res
          .writeHead(201, { "Content-Type": "application/json" })
          .end(JSON.stringify({ batchId: made.batchId }));
      },
      { failGet: true },
    );
    const err = await createBatchSafely(clientFor(server.baseUrl), AGENT, request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadCreatedBatchError);
    expect((err as UnreadCreatedBatchError).batchId).toBe(stored[0]?.batchId);
    expect((err as Error).message).toContain("the next `pulumi up` reads it");
    expect(posts(server)).toBe(1);
  });
});

describe("an unknown outcome is reconciled, never re-sent", () => {
  it("a 503 after the service acted (a proxy's): the batch is found, not posted again", async () => {
    const { server, stored } = await service((_n, _made, res) => {
      res.writeHead(503, { "Content-Type": "text/html", "Retry-After": "1" }).end("<h1>503</h1>");
    });
    const result = await createBatchSafely(clientFor(server.baseUrl), AGENT, request);
    expect(stored).toHaveLength(1);
    expect(result.batchId).toBe(stored[0]?.batchId);
    expect(posts(server)).toBe(1);
  });

  it("an identical batch someone else made just before our POST failed without acting is not adopted", async () => {
    const { server, stored } = await service((_n, _made, res) => {
      stored.pop(); // this POST did not act
      res.writeHead(500, { "Content-Type": "application/json" }).end('{"detail":"A server error occurred."}');
    });
    const theirs = batch({
      batchId: "eeeeeeee-0000-0000-0000-000000000001",
      created: new Date().toISOString(),
    });
    stored.push(theirs);
    const client = new UltravoxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      random: () => 0.5,
      sleep: recordingSleep().sleep,
      retry: { budgetMs: 1_000 },
    });
    const err = await createBatchSafely(client, AGENT, request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousCreateError);
    expect((err as Error).message).toContain("probably not created");
    expect(stored.map((b) => b.batchId)).toEqual([theirs.batchId]);
    expect(posts(server)).toBe(1);
  });
});

describe("two identical resources never share one batch", () => {
  it("two identical creates in parallel, the first POST lost: they never share a batch", async () => {
    // POST 1 never reaches the service (dropped before processing); POST 2 creates its batch, whose
    // answer arrives late. The lost one must not adopt its twin's batch.
    let stored: Record<string, unknown>[] = [];
    const server = await startServer((req, res) => {
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
      if (req.method === "POST") {
        const n = server.requests.filter((r) => r.method === "POST").length;
        if (n === 1) {
          setTimeout(() => res.socket?.destroy(), 100); // lost, while the twin's POST is processed
          return;
        }
        const made = batch({
          batchId: "dddddddd-0000-0000-0000-000000000002",
          created: new Date().toISOString(),
        });
        stored = [...stored, made];
        setTimeout(() => send(201, made), 300);
      } else if ((req.url ?? "").includes("/scheduled_calls"))
        send(200, { results: [firstCall], next: null });
      else send(200, { results: stored, next: null });
    });
    servers.push(server);
    const client = clientFor(server.baseUrl);
    const lost = createBatchSafely(client, AGENT, request);
    // The twin's POST leaves 20 ms later, is processed at once, and answered after 300 ms.
    const twin = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
      createBatchSafely(client, AGENT, request),
    );
    const [a, b] = await Promise.allSettled([lost, twin]);
    expect(b).toMatchObject({
      status: "fulfilled",
      value: { batchId: "dddddddd-0000-0000-0000-000000000002" },
    });
    expect(a.status).toBe("rejected");
    expect((a as PromiseRejectedResult).reason).toBeInstanceOf(AmbiguousCreateError);
    expect(String((a as PromiseRejectedResult).reason.message)).toContain("probably not created");
  });

  it("a batch another create of this process already owns is never adopted", async () => {
    const { server } = await service((n, made, res) => {
      if (n === 1) res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify(made));
      else res.socket?.destroy(); // processed, answer lost
    });
    const client = clientFor(server.baseUrl);
    const first = await createBatchSafely(client, AGENT, request);
    const second = await createBatchSafely(client, AGENT, request);
    expect(second.batchId).not.toBe(first.batchId);
    expect(posts(server)).toBe(2);
  });

  it("an older identical batch is skipped; only the batch this POST made is adopted", async () => {
    const { server, stored } = await service((_n, _made, res) => res.socket?.destroy());
    stored.push(
      batch({
        batchId: "eeeeeeee-0000-0000-0000-000000000001",
        created: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    const result = await createBatchSafely(clientFor(server.baseUrl), AGENT, request);
    expect(result.batchId).toBe("cccccccc-0000-0000-0000-000000000002");
  });
});

describe("identical resources: a twin's POST that starts while the lost one is listing", () => {
  it("the lost create does not adopt a batch whose POST answer is still on its way", async () => {
    // POST 1 is lost before processing. While its reconciliation lists the batches, the twin's POST
    // leaves (after the reconciliation stopped waiting for creates in flight): the service stores
    // the twin's batch at once, answers the listing with it, and answers the twin 300 ms later.
    let stored: Record<string, unknown>[] = [];
    let startTwin: () => void = () => {};
    const twinPosted = new Promise<void>((resolve) => {
      startTwin = resolve;
    });
    let twinStored: () => void = () => {};
    const storedNow = new Promise<void>((resolve) => {
      twinStored = resolve;
    });
    const server = await startServer((req, res) => {
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
      if (req.method === "POST") {
        const n = server.requests.filter((r) => r.method === "POST").length;
        if (n === 1) {
          res.socket?.destroy();
          return;
        }
        const made = batch({
          batchId: "dddddddd-0000-0000-0000-000000000009",
          created: new Date().toISOString(),
        });
        stored = [...stored, made];
        twinStored();
        setTimeout(() => send(201, made), 300);
      } else if ((req.url ?? "").includes("/scheduled_calls")) {
        send(200, { results: [firstCall], next: null });
      } else {
        startTwin();
        void storedNow.then(() => send(200, { results: stored, next: null }));
      }
    });
    servers.push(server);
    const client = clientFor(server.baseUrl);
    const lost = createBatchSafely(client, AGENT, request);
    const twin = twinPosted.then(() => createBatchSafely(client, AGENT, request));
    const [a, b] = await Promise.allSettled([lost, twin]);
    expect(b).toMatchObject({
      status: "fulfilled",
      value: { batchId: "dddddddd-0000-0000-0000-000000000009" },
    });
    expect(a.status).toBe("rejected");
    expect(String((a as PromiseRejectedResult).reason.message)).toContain("probably not created");
  });
});

describe("backstop: a create answer naming a batch another resource already owns", () => {
  it("fails the second create instead of recording one batch twice", async () => {
    const server = await startServer((_req, res) => {
      // A misbehaving service that answers every POST with the same batch.
      res
        .writeHead(201, { "Content-Type": "application/json" })
        .end(
          JSON.stringify(
            batch({ batchId: "dddddddd-0000-0000-0000-000000000001", created: new Date().toISOString() }),
          ),
        );
    });
    servers.push(server);
    const client = new UltravoxClient({ apiKey: API_KEY, baseUrl: server.baseUrl });
    const first = await createBatchSafely(client, AGENT, request);
    expect(first.batchId).toBe("dddddddd-0000-0000-0000-000000000001");
    await expect(createBatchSafely(client, AGENT, request)).rejects.toThrow(
      /already manages; not recording it twice/,
    );
  });
});
