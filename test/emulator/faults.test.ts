import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outgoingCalls, startTestEmulator, type TestEmulator } from "./helpers";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.request("POST", "/_emulator/reset");
});

async function addFault(spec: Record<string, unknown>): Promise<string> {
  const res = await emu.request("POST", "/_emulator/faults", spec);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function batchCount(): Promise<number> {
  return (await emu.request("GET", emu.batchesPath())).body.total;
}

describe("status faults", () => {
  it("429 with Retry-After in seconds, then normal service", async () => {
    await addFault({ kind: "status", status: 429, retryAfter: 7 });
    const throttled = await emu.request("GET", emu.batchesPath());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.body).toEqual({ detail: "Request was throttled." });
    expect((await emu.request("GET", emu.batchesPath())).status).toBe(200);
  });

  it("429 with Retry-After as an HTTP date", async () => {
    const date = "Wed, 21 Oct 2037 07:28:00 GMT";
    await addFault({ kind: "status", status: 429, retryAfter: date });
    const res = await emu.request("GET", emu.batchesPath());
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(date);
  });

  it.each([500, 502, 503, 504])("answers %i and does not process the request", async (status) => {
    await addFault({ kind: "status", status, method: "POST" });
    const res = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    expect(res.status).toBe(status);
    expect(typeof res.body.detail).toBe("string");
    expect(res.headers.get("retry-after")).toBe(status === 503 ? "1" : null);
    expect(await batchCount()).toBe(0);
  });

  it("503 carries the given Retry-After", async () => {
    await addFault({ kind: "status", status: 503, retryAfter: 3 });
    const res = await emu.request("GET", emu.batchesPath());
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("3");
  });

  it("count: applies to exactly N matching requests", async () => {
    await addFault({ kind: "status", status: 500, count: 2 });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await emu.request("GET", emu.batchesPath())).status);
    expect(seen).toEqual([500, 500, 200]);
    expect((await emu.request("GET", "/_emulator/faults")).body.faults).toEqual([]);
  });

  it("method and path filters: only matching requests are faulted", async () => {
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    const batchPath = `${emu.batchesPath()}/${created.body.batchId}`;
    await addFault({ kind: "status", status: 502, method: "patch", path: "/scheduled_batches/[0-9a-f-]+$" });
    expect((await emu.request("GET", batchPath)).status).toBe(200);
    expect((await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) })).status).toBe(201);
    const listed = await emu.request("GET", "/_emulator/faults");
    expect(listed.body.faults).toEqual([
      expect.objectContaining({ kind: "status", status: 502, method: "patch", remaining: 1 }),
    ]);
    expect((await emu.request("PATCH", batchPath, { paused: true })).status).toBe(502);
    expect((await emu.request("GET", batchPath)).body.paused).toBe(false);
    expect((await emu.request("PATCH", batchPath, { paused: true })).status).toBe(200);
  });

  it("faults never touch admin paths, and DELETE /_emulator/faults clears them", async () => {
    await addFault({ kind: "status", status: 500, count: 5 });
    expect((await emu.request("GET", "/_emulator/clock")).status).toBe(200);
    expect((await emu.request("GET", "/_emulator/faults")).body.faults[0]?.remaining).toBe(5);
    expect((await emu.request("DELETE", "/_emulator/faults")).status).toBe(204);
    expect((await emu.request("GET", emu.batchesPath())).status).toBe(200);
  });

  it("rejects a malformed fault", async () => {
    const res = await emu.request("POST", "/_emulator/faults", { kind: "status", status: 418 });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/status must be one of/);
  });

  it("faults given at start-up apply", async () => {
    const other = await startTestEmulator({ faults: [{ kind: "status", status: 504 }] });
    try {
      expect((await other.request("GET", other.batchesPath())).status).toBe(504);
      expect((await other.request("GET", other.batchesPath())).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe("latency and dropped connections", () => {
  it("latency delays the answer by the given ms", async () => {
    await addFault({ kind: "latency", ms: 300 });
    const started = Date.now();
    const res = await emu.request("GET", emu.batchesPath());
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const fast = Date.now();
    await emu.request("GET", emu.batchesPath());
    expect(Date.now() - fast).toBeLessThan(250);
  });

  it("drop-before: the socket is destroyed and the request is not processed", async () => {
    await addFault({ kind: "drop-before", method: "POST" });
    await expect(emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) })).rejects.toThrow();
    expect(await batchCount()).toBe(0);
  });

  it("drop-after: the request is processed but the client never sees the answer", async () => {
    await addFault({ kind: "drop-after", method: "POST" });
    await expect(emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) })).rejects.toThrow();
    expect(await batchCount()).toBe(1);
    const journal = (await emu.request("GET", "/_emulator/journal")).body.entries;
    const post = journal.find((entry) => entry.method === "POST");
    expect(post).toMatchObject({ status: 201, dropped: true, fault: "drop-after" });
  });

  it("processed status: the request is processed, then answered with the fault's status", async () => {
    await addFault({ kind: "status", status: 503, processed: true, method: "POST" });
    const res = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: "Service temporarily unavailable." });
    expect(await batchCount()).toBe(1);
    const journal = (await emu.request("GET", "/_emulator/journal")).body.entries;
    expect(journal.find((entry) => entry.method === "POST")).toMatchObject({
      status: 503,
      fault: "503-processed",
    });
  });

  it("only-id: the request is processed and the answer holds only the batchId", async () => {
    await addFault({ kind: "only-id", method: "POST" });
    const res = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(["batchId"]);
    const listed = (await emu.request("GET", emu.batchesPath())).body.results;
    expect(listed.map((b: { batchId: string }) => b.batchId)).toEqual([res.body.batchId]);
  });

  it("processed must be a boolean", async () => {
    const res = await emu.request("POST", "/_emulator/faults", {
      kind: "status",
      status: 503,
      processed: "yes",
    });
    expect(res.status).toBe(400);
  });
});

describe("steady rate limit", () => {
  it("answers 429 beyond N requests per second per key, with Retry-After and the DRF message", async () => {
    expect((await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: 3 })).status).toBe(200);
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<typeof emu.request>> | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await emu.request("GET", emu.batchesPath());
      statuses.push(res.status);
      if (res.status === 429) throttled ??= res;
    }
    // The fixed window may roll over mid-loop on a slow machine; at least the 4th or 5th must be refused.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(throttled?.headers.get("retry-after")).toBe("1");
    expect(throttled?.body).toEqual({ detail: "Request was throttled. Expected available in 1 second." });
    // Admin paths are exempt.
    expect((await emu.request("GET", "/_emulator/clock")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await emu.request("GET", emu.batchesPath())).status).toBe(200);
    expect((await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: null })).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await emu.request("GET", emu.batchesPath())).status).toBe(200);
  });

  it("counts keys separately", async () => {
    const keys = ["Key00001.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Key00002.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"];
    const other = await startTestEmulator({ apiKeys: keys, rateLimitPerSecond: 1 });
    try {
      const first = await other.request("GET", other.batchesPath(), undefined, {
        "X-API-Key": keys[0] as string,
      });
      const second = await other.request("GET", other.batchesPath(), undefined, {
        "X-API-Key": keys[1] as string,
      });
      const again = await other.request("GET", other.batchesPath(), undefined, {
        "X-API-Key": keys[0] as string,
      });
      expect([first.status, second.status, again.status]).toEqual([200, 200, 429]);
    } finally {
      await other.close();
    }
  });
});
