// A batch that names a call throttle places calls no faster than the throttle's rules allow, shown
// over the emulator's manual clock: no waiting in real time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outgoingCalls, startTestEmulator, type TestEmulator, THROTTLES } from "./helpers";

let emu: TestEmulator;
let t0: number;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.request("POST", "/_emulator/reset");
  await emu.request("PATCH", "/_emulator/options", { dialRatePerSecond: 1, unknownThrottle: "reject" });
  t0 = Date.parse((await emu.request("GET", "/_emulator/clock")).body.now);
});

interface Rule {
  maxCalls: number;
  windowSeconds: number;
}

async function throttle(name: string, rules: Rule[]): Promise<string> {
  const res = await emu.request("POST", THROTTLES, { name, rules });
  expect(res.status).toBe(201);
  return res.body.throttleId;
}

async function batch(body: Record<string, unknown>): Promise<string> {
  const res = await emu.request("POST", emu.batchesPath(), body);
  expect(res.status).toBe(201);
  return `${emu.batchesPath()}/${res.body.batchId}`;
}

async function advance(seconds: number): Promise<void> {
  expect((await emu.request("POST", "/_emulator/clock/advance", { seconds })).status).toBe(200);
}

/** Seconds after t0 at which the batch's calls were placed, in order. */
async function placedAt(path: string): Promise<number[]> {
  const res = await emu.request("GET", `${path}/created_calls?pageSize=1000`);
  expect(res.status).toBe(200);
  return res.body.results
    .map((call) => (Date.parse(call.created as string) - t0) / 1000)
    .sort((a, b) => a - b);
}

/** The most calls any window of `windowSeconds` holds (windows are (t - w, t], as the rules count). */
function busiestWindow(times: number[], windowSeconds: number): number {
  // In whole ms, as the clock counts: seconds as floats would blur a window's edge.
  const ms = times.map((t) => Math.round(t * 1000));
  const windowMs = windowSeconds * 1000;
  return Math.max(0, ...ms.map((end) => ms.filter((t) => t > end - windowMs && t <= end).length));
}

describe("a batch naming a call throttle", () => {
  it("places calls no faster than the rule allows, then as soon as a call leaves the window", async () => {
    await throttle("gentle", [{ maxCalls: 2, windowSeconds: 60 }]);
    const path = await batch({ calls: outgoingCalls(5), throttle: "gentle" });
    await advance(59);
    expect(await placedAt(path)).toEqual([1, 2]);
    await advance(3);
    expect(await placedAt(path)).toEqual([1, 2, 61, 62]);
    await advance(60);
    expect(await placedAt(path)).toEqual([1, 2, 61, 62, 121]);
    // At 122 s only the call at 121 s still counts in a 60 s window.
    expect((await emu.request("GET", path)).body).toMatchObject({ completedCount: 5 });
    const admin = await emu.request(
      "GET",
      `/_emulator/call_throttles/${(await throttleIdOf("gentle")) ?? ""}`,
    );
    expect(admin.body.placedCalls).toEqual([121].map((s) => new Date(t0 + s * 1000).toISOString()));
  });

  it("shares the throttle with every batch naming it, by name or by id, across agents", async () => {
    const id = await throttle("shared", [{ maxCalls: 3, windowSeconds: 10 }]);
    const a = await batch({ calls: outgoingCalls(10), throttle: "shared" });
    const b = await batch({ calls: outgoingCalls(10), throttle: id });
    const other = `/api/agents/11111111-2222-4333-8444-555555555555/scheduled_batches`;
    const created = await emu.request("POST", other, { calls: outgoingCalls(10), throttle: "shared" });
    const c = `${other}/${created.body.batchId}`;
    for (const step of [4, 7, 1, 13, 5]) await advance(step);
    const all = [...(await placedAt(a)), ...(await placedAt(b)), ...(await placedAt(c))].sort(
      (x, y) => x - y,
    );
    expect(busiestWindow(all, 10)).toBe(3);
    // Three calls per 10 s over 30 s: as many as the throttle allows, not fewer.
    expect(all).toHaveLength(9);
  });

  it("keeps every rule at once", async () => {
    const rules = [
      { maxCalls: 3, windowSeconds: 5 },
      { maxCalls: 5, windowSeconds: 60 },
    ];
    await throttle("two-rules", rules);
    const path = await batch({ calls: outgoingCalls(12), throttle: "two-rules" });
    for (const step of [2, 9, 30, 20, 61, 3]) await advance(step);
    const times = await placedAt(path);
    for (const rule of rules)
      expect(busiestWindow(times, rule.windowSeconds)).toBeLessThanOrEqual(rule.maxCalls);
    expect(times).toEqual([1, 2, 3, 6, 7, 61, 62, 63, 66, 67, 121, 122]);
  });

  it("calls the throttle holds back past windowEnd expire", async () => {
    await throttle("slow", [{ maxCalls: 1, windowSeconds: 3600 }]);
    const windowEnd = new Date(t0 + 600_000).toISOString();
    const path = await batch({ calls: outgoingCalls(3), throttle: "slow", windowEnd });
    await advance(601);
    const items = (await emu.request("GET", `${path}/scheduled_calls`)).body.results;
    expect(items.map((item) => item.status)).toEqual(["SUCCESS", "EXPIRED", "EXPIRED"]);
    expect((await emu.request("GET", path)).body.endedAt).toBe(windowEnd);
  });

  it("new rules apply from the change on; calls already placed still count", async () => {
    const id = await throttle("changing", [{ maxCalls: 1, windowSeconds: 60 }]);
    const path = await batch({ calls: outgoingCalls(6), throttle: "changing" });
    await advance(10);
    expect(await placedAt(path)).toEqual([1]);
    const put = await emu.request("PUT", `${THROTTLES}/${id}`, {
      name: "changing",
      rules: [{ maxCalls: 3, windowSeconds: 60 }],
    });
    expect(put.status).toBe(200);
    await advance(10);
    // The next call was due and held back: it goes at 10 s, the moment the rules allow it.
    expect(await placedAt(path)).toEqual([1, 10, 11]);
    // The dashboard loosens it further.
    await emu.request("PATCH", `/_emulator/call_throttles/${id}`, { rules: [] });
    await advance(3);
    expect(await placedAt(path)).toEqual([1, 10, 11, 20, 21, 22]);
  });

  it("a renamed throttle still applies; a deleted one no longer limits (the batch keeps its text)", async () => {
    const id = await throttle("before", [{ maxCalls: 1, windowSeconds: 60 }]);
    const path = await batch({ calls: outgoingCalls(4), throttle: "before" });
    await emu.request("PATCH", `${THROTTLES}/${id}`, { name: "after" });
    await advance(30);
    expect(await placedAt(path)).toEqual([1]);
    expect((await emu.request("DELETE", `${THROTTLES}/${id}`)).status).toBe(204);
    await advance(3);
    expect(await placedAt(path)).toEqual([1, 30, 31, 32]);
    expect((await emu.request("GET", path)).body.throttle).toBe("before");
  });

  it("PATCH throttle moves a running batch under a throttle, and null frees it", async () => {
    await throttle("late", [{ maxCalls: 1, windowSeconds: 100 }]);
    const path = await batch({ calls: outgoingCalls(6) });
    await advance(2);
    expect((await emu.request("PATCH", path, { throttle: "late" })).status).toBe(200);
    await advance(50);
    // Calls placed before it named the throttle do not count against it.
    expect(await placedAt(path)).toEqual([1, 2, 3]);
    expect((await emu.request("PATCH", path, { throttle: null })).status).toBe(200);
    await advance(3);
    expect(await placedAt(path)).toEqual([1, 2, 3, 52, 53, 54]);
  });

  it("keeps its place in the windows across a restart of a persisted emulator", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ultravox-emulator-"));
    const stateFile = join(dir, "state.json");
    const first = await startTestEmulator({ stateFile });
    try {
      await first.request("POST", THROTTLES, { name: "kept", rules: [{ maxCalls: 1, windowSeconds: 60 }] });
      await first.request("POST", first.batchesPath(), { calls: outgoingCalls(2), throttle: "kept" });
      await first.request("POST", "/_emulator/clock/advance", { seconds: 5 });
    } finally {
      await first.close();
    }
    const second = await startTestEmulator({ stateFile, apiKeys: [first.apiKey] });
    try {
      // Without the placed call remembered, the second would go at once.
      await second.request("POST", "/_emulator/clock/advance", { seconds: 30 });
      const listed = (await second.request("GET", second.batchesPath())).body.results;
      expect(listed.map((b) => b.completedCount)).toEqual([1]);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("any rules, batches and clock steps", () => {
  const rule = fc.record({
    maxCalls: fc.integer({ min: 1, max: 6 }),
    windowSeconds: fc.integer({ min: 1, max: 40 }),
  });
  const scenario = fc.record({
    rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
    batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
    steps: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
    dialRatePerSecond: fc.constantFrom(0.5, 1, 3),
  });

  // 25 scenarios of a dozen requests each: a generous timeout for a loaded machine (no timing is asserted).
  it("never place more than a rule allows in any of its windows, together", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ rules, batchSizes, steps, dialRatePerSecond }) => {
        await emu.request("POST", "/_emulator/reset");
        await emu.request("PATCH", "/_emulator/options", { dialRatePerSecond });
        t0 = Date.parse((await emu.request("GET", "/_emulator/clock")).body.now);
        await throttle("any", rules);
        const paths: string[] = [];
        for (const size of batchSizes)
          paths.push(await batch({ calls: outgoingCalls(size), throttle: "any" }));
        for (const step of steps) await advance(step);
        const times = (await Promise.all(paths.map(placedAt))).flat();
        for (const { maxCalls, windowSeconds } of rules) {
          expect(busiestWindow(times, windowSeconds)).toBeLessThanOrEqual(maxCalls);
        }
        // The first call is never held back by an empty window: it goes once the dial rate allows one.
        const elapsed = steps.reduce((sum, step) => sum + step, 0);
        expect(times.length > 0).toBe(elapsed >= 1 / dialRatePerSecond);
      }),
      { numRuns: 25 },
    );
  });
});

describe("a batch naming no call throttle", () => {
  const unknown = { throttle: ['Call throttle "nope" does not exist (give the name or id of one).'] };

  it("is a 400 naming throttle on create and on PATCH, and nothing changes", async () => {
    expect(
      await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1), throttle: "nope" }),
    ).toMatchObject({
      status: 400,
      body: unknown,
    });
    expect((await emu.request("GET", emu.batchesPath())).body.total).toBe(0);
    const path = await batch({ calls: outgoingCalls(1) });
    expect(await emu.request("PATCH", path, { throttle: "nope", paused: true })).toMatchObject({
      status: 400,
      body: unknown,
    });
    expect((await emu.request("GET", path)).body).toMatchObject({ throttle: null, paused: false });
  });

  it('with unknownThrottle "accept" it is stored as sent and limits nothing', async () => {
    await emu.request("PATCH", "/_emulator/options", { unknownThrottle: "accept" });
    const path = await batch({ calls: outgoingCalls(3), throttle: "nope" });
    // A throttle of that name made afterwards does not apply: the name was looked up when it was set.
    await throttle("nope", [{ maxCalls: 1, windowSeconds: 60 }]);
    await advance(3);
    expect(await placedAt(path)).toEqual([1, 2, 3]);
    expect((await emu.request("GET", path)).body.throttle).toBe("nope");
  });
});

async function throttleIdOf(name: string): Promise<string | undefined> {
  const listed = (await emu.request("GET", THROTTLES)).body.results;
  return listed.find((t) => t.name === name)?.throttleId;
}
