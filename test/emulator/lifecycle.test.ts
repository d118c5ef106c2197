import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outgoingCalls, outgoingSipCall, startTestEmulator, type TestEmulator } from "./helpers";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.request("POST", "/_emulator/reset");
  await emu.request("PATCH", "/_emulator/options", {
    dialRatePerSecond: 1,
    pausedResume: "reject",
    patchCalls: "reject-after-start",
  });
});

async function nowMs(): Promise<number> {
  return Date.parse((await emu.request("GET", "/_emulator/clock")).body.now);
}

async function advance(seconds: number): Promise<string> {
  const res = await emu.request("POST", "/_emulator/clock/advance", { seconds });
  expect(res.status).toBe(200);
  return res.body.now;
}

async function statuses(path: string, status?: string): Promise<string[]> {
  const query = status ? `?status=${status}` : "";
  const res = await emu.request("GET", `${path}/scheduled_calls${query}`);
  expect(res.status).toBe(200);
  return res.body.results.map((call) => call.status);
}

async function create(body: Record<string, unknown>): Promise<string> {
  const res = await emu.request("POST", emu.batchesPath(), body);
  expect(res.status).toBe(201);
  return `${emu.batchesPath()}/${res.body.batchId}`;
}

describe("clock", () => {
  it("manual clock is frozen until advanced, and advance moves it exactly", async () => {
    const before = await nowMs();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await nowMs()).toBe(before);
    expect(Date.parse(await advance(90.5))).toBe(before + 90_500);
    expect(await nowMs()).toBe(before + 90_500);
  });

  it("answers carry a Date header from the virtual clock, matching the created stamps", async () => {
    await advance(7200);
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    const date = Date.parse(created.headers.get("date") ?? "");
    expect(Math.abs(date - Date.parse(created.body.created))).toBeLessThan(1000);
    expect(date - Date.now()).toBeGreaterThan(7_000_000);
  });

  it("rejects a negative advance", async () => {
    const res = await emu.request("POST", "/_emulator/clock/advance", { seconds: -1 });
    expect(res.status).toBe(400);
  });

  it("realtime clock follows the wall clock plus the advanced offset", async () => {
    const rt = await startTestEmulator({ clock: "realtime" });
    try {
      const first = Date.parse((await rt.request("GET", "/_emulator/clock")).body.now);
      expect(Math.abs(first - Date.now())).toBeLessThan(1000);
      await rt.request("POST", "/_emulator/clock/advance", { seconds: 3600 });
      const later = Date.parse((await rt.request("GET", "/_emulator/clock")).body.now);
      expect(later - Date.now()).toBeGreaterThan(3_598_000);
    } finally {
      await rt.close();
    }
  });
});

describe("scheduler", () => {
  it("places calls at the dial rate, counts them and lists created calls", async () => {
    const calls = [outgoingSipCall(0, { metadata: { customer: "ada" } }), ...outgoingCalls(4)];
    const path = await create({ calls });
    expect((await emu.request("GET", path)).body).toMatchObject({
      totalCount: 5,
      completedCount: 0,
      endedAt: null,
    });

    await advance(2);
    expect(await statuses(path)).toEqual(["SUCCESS", "SUCCESS", "FUTURE", "FUTURE", "FUTURE"]);
    const batch = (await emu.request("GET", path)).body;
    expect(batch).toMatchObject({ completedCount: 2, endedAt: null });

    const success = await emu.request("GET", `${path}/scheduled_calls?status=SUCCESS`);
    expect(success.body.total).toBe(2);
    const createdCalls = await emu.request("GET", `${path}/created_calls`);
    expect(createdCalls.body.total).toBe(2);
    expect(createdCalls.body.results.map((call) => call.callId)).toEqual(
      success.body.results.map((c) => c.callId),
    );
    const [first] = createdCalls.body.results;
    const agentId = emu.batchesPath().split("/")[3];
    // A Call object with every key the Call schema requires; outgoing, so the user speaks first.
    expect(first).toMatchObject({
      agentId,
      agent: { agentId },
      metadata: { customer: "ada" },
      medium: calls[0]?.medium,
      joinUrl: null,
      joined: null,
      billingStatus: "BILLING_STATUS_PENDING",
      firstSpeaker: "FIRST_SPEAKER_USER",
      firstSpeakerSettings: { user: {} },
      initialOutputMedium: "MESSAGE_MEDIUM_VOICE",
      sipDetails: null,
    });
    expect(first?.created).toBe(new Date(Date.parse(batch.created) + 1000).toISOString());

    await advance(10);
    const done = (await emu.request("GET", path)).body;
    expect(done.completedCount).toBe(5);
    // Ended when the last (fifth) call was placed, not when we looked.
    expect(done.endedAt).toBe(new Date(Date.parse(done.created) + 5000).toISOString());
    expect(await statuses(path, "FUTURE")).toEqual([]);
  });

  it("progress is also evaluated lazily on API requests (no advance needed in realtime)", async () => {
    await emu.request("PATCH", "/_emulator/options", { dialRatePerSecond: 50 });
    const rt = await startTestEmulator({ clock: "realtime", dialRatePerSecond: 50 });
    try {
      const res = await rt.request("POST", rt.batchesPath(), { calls: outgoingCalls(3) });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const batch = await rt.request("GET", `${rt.batchesPath()}/${res.body.batchId}`);
      expect(batch.body.completedCount).toBe(3);
      expect(batch.body.endedAt).not.toBeNull();
    } finally {
      await rt.close();
    }
  });

  it("honours a fractional dial rate across advances", async () => {
    await emu.request("PATCH", "/_emulator/options", { dialRatePerSecond: 0.5 });
    const path = await create({ calls: outgoingCalls(3) });
    await advance(1);
    expect((await emu.request("GET", path)).body.completedCount).toBe(0);
    await advance(1);
    expect((await emu.request("GET", path)).body.completedCount).toBe(1);
    await advance(3);
    expect((await emu.request("GET", path)).body.completedCount).toBe(2);
  });

  it("waits for windowStart, then expires what is left at windowEnd", async () => {
    const start = await nowMs();
    const iso = (s: number) => new Date(start + s * 1000).toISOString();
    const path = await create({ calls: outgoingCalls(100), windowStart: iso(100), windowEnd: iso(170) });
    await advance(99);
    expect((await emu.request("GET", path)).body.completedCount).toBe(0);
    await advance(11);
    expect((await emu.request("GET", path)).body).toMatchObject({ completedCount: 10, endedAt: null });
    await advance(1000);
    const ended = (await emu.request("GET", path)).body;
    expect(ended).toMatchObject({ totalCount: 100, completedCount: 70, endedAt: iso(170) });
    expect((await emu.request("GET", `${path}/scheduled_calls?status=EXPIRED&pageSize=1`)).body.total).toBe(
      30,
    );
    expect((await emu.request("GET", `${path}/created_calls`)).body.total).toBe(70);
  });

  it("marks items with reserved metadata keys ERROR and counts them as completed", async () => {
    const path = await create({
      calls: [outgoingSipCall(1, { metadata: { "ultravox.x": "1" } }), outgoingSipCall(2)],
    });
    await advance(5);
    const items = (await emu.request("GET", `${path}/scheduled_calls`)).body.results;
    expect(items.map((item) => item.status)).toEqual(["ERROR", "SUCCESS"]);
    expect(items[0]?.error).toMatch(/reserved/);
    expect(items[0]?.callId).toBeNull();
    const batch = (await emu.request("GET", path)).body;
    expect(batch.completedCount).toBe(2);
    expect(batch.endedAt).not.toBeNull();
    expect((await emu.request("GET", `${path}/created_calls`)).body.total).toBe(1);
  });

  it("rejects an unknown status filter", async () => {
    const path = await create({ calls: outgoingCalls(1) });
    const res = await emu.request("GET", `${path}/scheduled_calls?status=DONE`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: ["Select a valid choice. DONE is not one of the available choices."],
    });
  });
});

describe("pause", () => {
  it("a paused batch makes no progress", async () => {
    const path = await create({ calls: outgoingCalls(5) });
    await advance(2);
    const paused = await emu.request("PATCH", path, { paused: true });
    expect(paused.body).toMatchObject({ paused: true, completedCount: 2 });
    await advance(60);
    expect((await emu.request("GET", path)).body).toMatchObject({ completedCount: 2, endedAt: null });
    expect(await statuses(path, "FUTURE")).toHaveLength(3);
  });

  it("a paused batch's remaining calls still expire at windowEnd", async () => {
    const start = await nowMs();
    const windowEnd = new Date(start + 120_000).toISOString();
    const path = await create({ calls: outgoingCalls(3), windowEnd });
    await advance(1);
    await emu.request("PATCH", path, { paused: true });
    await advance(200);
    expect(await statuses(path)).toEqual(["SUCCESS", "EXPIRED", "EXPIRED"]);
    expect((await emu.request("GET", path)).body).toMatchObject({ completedCount: 1, endedAt: windowEnd });
  });

  it("a batch created paused does not start", async () => {
    const path = await create({ calls: outgoingCalls(2), paused: true });
    await advance(30);
    expect((await emu.request("GET", path)).body.completedCount).toBe(0);
  });

  it('pausedResume "reject": paused:false on a paused batch is 400; on a running batch a no-op 200', async () => {
    const path = await create({ calls: outgoingCalls(5) });
    const noop = await emu.request("PATCH", path, { paused: false });
    expect(noop.status).toBe(200);
    expect(noop.body.paused).toBe(false);
    await emu.request("PATCH", path, { paused: true });
    const resumed = await emu.request("PATCH", path, { paused: false });
    expect(resumed.status).toBe(400);
    expect(resumed.body).toEqual({ paused: ["A paused batch cannot be resumed."] });
    expect((await emu.request("GET", path)).body.paused).toBe(true);
  });

  it('pausedResume "resume": the batch continues, not counting the paused time', async () => {
    await emu.request("PATCH", "/_emulator/options", { pausedResume: "resume" });
    const path = await create({ calls: outgoingCalls(5) });
    await advance(1);
    await emu.request("PATCH", path, { paused: true });
    await advance(100);
    const resumed = await emu.request("PATCH", path, { paused: false });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: false, completedCount: 1 });
    await advance(2);
    expect((await emu.request("GET", path)).body.completedCount).toBe(3);
  });
});

describe("PATCH calls", () => {
  it('"reject-after-start": replaces before any call left FUTURE, 400 afterwards', async () => {
    const path = await create({ calls: outgoingCalls(3) });
    const replaced = await emu.request("PATCH", path, { calls: outgoingCalls(4) });
    expect(replaced.status).toBe(200);
    expect(replaced.body.totalCount).toBe(4);
    await advance(1);
    const rejected = await emu.request("PATCH", path, { calls: outgoingCalls(2) });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toEqual({
      calls: ["Calls cannot be changed once the batch has started placing calls."],
    });
    expect((await emu.request("GET", path)).body.totalCount).toBe(4);
  });

  it('"replace": the whole list is replaced and counts recomputed, even after calls were placed', async () => {
    await emu.request("PATCH", "/_emulator/options", { patchCalls: "replace" });
    const path = await create({ calls: outgoingCalls(2) });
    await advance(5);
    expect((await emu.request("GET", path)).body).toMatchObject({ completedCount: 2 });
    expect((await emu.request("GET", path)).body.endedAt).not.toBeNull();
    const newCalls = [outgoingSipCall(7, { metadata: { k: "v" } }), outgoingSipCall(8), outgoingSipCall(9)];
    const replaced = await emu.request("PATCH", path, { calls: newCalls });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ totalCount: 3, completedCount: 0, endedAt: null });
    const batchId = replaced.body.batchId;
    const agentId = emu.batchesPath().split("/")[3];
    const stored = await emu.request("GET", `/_emulator/agents/${agentId}/batches/${batchId}/calls`);
    expect(stored.body.calls).toEqual(newCalls);
    await advance(3);
    expect((await emu.request("GET", path)).body.completedCount).toBe(3);
  });
});
