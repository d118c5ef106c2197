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

describe("request journal", () => {
  it("records every /api/ request with method, path, query, body, status and fault", async () => {
    const body = { calls: outgoingCalls(1), paused: false };
    const created = await emu.request("POST", emu.batchesPath(), body);
    await emu.request("GET", `${emu.batchesPath()}?pageSize=5&cursor=bz0w`);
    await emu.request("POST", "/_emulator/faults", { kind: "status", status: 503 });
    await emu.request("GET", `${emu.batchesPath()}/${created.body.batchId}`);
    await emu.request("POST", "/_emulator/faults", { kind: "drop-before" });
    await emu.request("DELETE", `${emu.batchesPath()}/${created.body.batchId}`).catch(() => undefined);
    await emu.request("POST", emu.batchesPath(), "{oops");

    const res = await emu.request("GET", "/_emulator/journal");
    expect(res.status).toBe(200);
    const entries = res.body.entries;
    expect(entries.map((e) => [e.method, e.status, e.dropped, e.fault])).toEqual([
      ["POST", 201, false, null],
      ["GET", 200, false, null],
      ["GET", 503, false, "503"],
      ["DELETE", null, true, "drop-before"],
      ["POST", 400, false, null],
    ]);
    expect(entries[0]).toMatchObject({ path: emu.batchesPath(), query: {}, body });
    expect(entries[1]).toMatchObject({ query: { pageSize: "5", cursor: "bz0w" }, body: null });
    expect(entries[4]?.body).toBeNull();
    const seqs = entries.map((e) => e.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(5);
    for (const entry of entries) {
      expect(Math.abs(Date.parse(entry.time as string) - Date.now())).toBeLessThan(10_000);
    }
    // The admin calls above are not journaled.
    expect(entries.some((e) => String(e.path).startsWith("/_emulator"))).toBe(false);
  });

  it("records rate-limited requests and is cleared by DELETE", async () => {
    await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: 1 });
    await emu.request("GET", emu.batchesPath());
    await emu.request("GET", emu.batchesPath());
    const entries = (await emu.request("GET", "/_emulator/journal")).body.entries;
    expect(entries.map((e) => [e.status, e.fault])).toEqual([
      [200, null],
      [429, "rate-limit"],
    ]);
    expect((await emu.request("DELETE", "/_emulator/journal")).status).toBe(204);
    expect((await emu.request("GET", "/_emulator/journal")).body.entries).toEqual([]);
  });
});

describe("body size cap", () => {
  it("answers 413 for a body over 32 MB and creates nothing", async () => {
    const padding = "x".repeat(32 * 1024 * 1024);
    const res = await emu.request("POST", emu.batchesPath(), { calls: [{ metadata: { padding } }] });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: "Request body is too large (limit 32 MB)." });
    expect((await emu.request("GET", emu.batchesPath())).body.total).toBe(0);
    const [entry] = (await emu.request("GET", "/_emulator/journal")).body.entries;
    expect(entry).toMatchObject({ status: 413, body: null });
  });
});

describe("admin options and reset", () => {
  it("GET/PATCH options reports and changes behaviour", async () => {
    const defaults = (await emu.request("GET", "/_emulator/options")).body;
    expect(defaults).toEqual({
      minWindowSeconds: 60,
      dialRatePerSecond: 1,
      pausedResume: "reject",
      patchCalls: "reject-after-start",
      unknownThrottle: "reject",
      agents: null,
      clock: "manual",
      rateLimitPerSecond: null,
    });
    const agent = emu.batchesPath().split("/")[3] as string;
    const patched = await emu.request("PATCH", "/_emulator/options", {
      pausedResume: "resume",
      patchCalls: "replace",
      unknownThrottle: "accept",
      agents: [agent],
    });
    expect(patched.body).toMatchObject({
      pausedResume: "resume",
      patchCalls: "replace",
      unknownThrottle: "accept",
      agents: [agent],
    });
    expect(
      (await emu.request("GET", "/api/agents/11111111-2222-4333-8444-555555555555/scheduled_batches")).status,
    ).toBe(404);
    const bad = await emu.request("PATCH", "/_emulator/options", {
      pausedResume: "maybe",
      dialRatePerSecond: -1,
      unknownThrottle: "ignore",
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      dialRatePerSecond: ["Must be a non-negative number."],
      pausedResume: ['Must be "reject" or "resume".'],
      unknownThrottle: ['Must be "reject" or "accept".'],
    });
    await emu.request("PATCH", "/_emulator/options", {
      pausedResume: "reject",
      patchCalls: "reject-after-start",
      unknownThrottle: "reject",
      agents: null,
    });
    expect((await emu.request("GET", "/_emulator/options")).body).toEqual(defaults);
  });

  it("reset clears batches, journal, faults and the rate limit", async () => {
    await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    await emu.request("POST", "/_emulator/faults", { kind: "latency", ms: 1, count: 9 });
    await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: 100 });
    expect((await emu.request("POST", "/_emulator/reset")).status).toBe(204);
    expect((await emu.request("GET", "/_emulator/faults")).body.faults).toEqual([]);
    expect((await emu.request("GET", "/_emulator/options")).body.rateLimitPerSecond).toBeNull();
    expect((await emu.request("GET", "/_emulator/journal")).body.entries).toEqual([]);
    expect((await emu.request("GET", emu.batchesPath())).body.total).toBe(0);
  });

  it("the stored-calls admin call is 404 for unknown batches", async () => {
    const agent = emu.batchesPath().split("/")[3] as string;
    const res = await emu.request(
      "GET",
      `/_emulator/agents/${agent}/batches/11111111-2222-4333-8444-555555555555/calls`,
    );
    expect(res.status).toBe(404);
  });
});
