import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type JournalEntry, type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";
import {
  AGENT,
  API_KEY,
  campaign,
  checkedInputs,
  configureProvider,
  createBatch,
  failureOf,
  laterWindowEnd,
  lines,
  provider,
  settledJournal,
  timed,
} from "./support";

/**
 * The provider's protocol methods (`scheduledBatchProvider`, as the dynamic-provider host calls
 * them) against the emulator over real HTTP, with faults injected. Retry settings are shrunk
 * through stack config so every scenario runs in seconds. Timing is asserted only from below
 * (waits honoured), never from above.
 */

const TIMEOUT_MS = 500;
const BUDGET_MS = 4_000;
const MAX_ATTEMPTS = 6;

let emulator: RunningEmulator;
let admin: EmulatorAdmin;

// The realtime clock: `created` and the `Date` header then come from the same clock, as with the real
// service (with the manual clock `created` is frozen at start-up; see docs/reliability.md).
beforeAll(async () => {
  emulator = await startEmulator({ clock: "realtime", apiKeys: [API_KEY], journalExchanges: true });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

// Under every fault, each request sent and each answer given must still match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

beforeEach(async () => {
  await admin.request("POST", "/_emulator/reset");
  await configureProvider({
    "ultravox:apiKey": API_KEY,
    "ultravox:baseUrl": emulator.url,
    "ultravox:requestTimeoutMs": String(TIMEOUT_MS),
    "ultravox:maxAttempts": String(MAX_ATTEMPTS),
    "ultravox:retryBudgetMs": String(BUDGET_MS),
  });
});

const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;
const ONE_BATCH = `^${BATCHES}/[0-9a-f-]{36}$`;

/** A batch made without faults, then the journal cleared: the starting point of GET/PATCH/DELETE cases. */
async function existing(): Promise<{ id: string; outs: Record<string, unknown> }> {
  const { id, outs } = await createBatch(campaign());
  await admin.clearJournal();
  return { id, outs: outs as Record<string, unknown> };
}

async function batchCount(): Promise<number> {
  return (await admin.batches(AGENT)).length;
}

function gapsMs(journal: JournalEntry[]): number[] {
  return journal.slice(1).map((entry, i) => Date.parse(entry.time) - Date.parse(journal[i]!.time));
}

function expectNoSecret(message: string): void {
  expect(message).not.toContain(API_KEY);
  expect(message).not.toContain(API_KEY.split(".")[1]);
}

type Op = "GET" | "PATCH" | "DELETE" | "POST";

/** Runs the provider method that sends `op` once, against a fresh batch for GET/PATCH/DELETE. */
async function run(op: Op): Promise<() => Promise<unknown>> {
  if (op === "POST") return () => createBatch(campaign());
  const { id, outs } = await existing();
  if (op === "GET") return () => provider.read(id, outs);
  if (op === "DELETE") return () => provider.delete(id, outs);
  const news = await checkedInputs({ ...campaign(), windowEnd: laterWindowEnd });
  return () => provider.update(id, outs, news);
}

const SUCCESS: Record<Op, number> = { GET: 200, PATCH: 200, DELETE: 204, POST: 201 };

describe("429 storm with Retry-After", () => {
  for (const op of ["GET", "PATCH", "DELETE", "POST"] as const) {
    it(`${op}: two 429s with Retry-After: 1 (seconds) are waited out, then it succeeds`, async () => {
      const action = await run(op);
      await admin.addFault({ kind: "status", status: 429, retryAfter: 1, count: 2, method: op });
      const { ms } = await timed(action);
      const journal = await admin.journal();
      const mine = journal.filter((e) => e.method === op);
      console.log(`[429 seconds] ${op}: ${lines(mine).join(", ")}; elapsed ${ms} ms`);
      expect(mine.map((e) => e.status)).toEqual([429, 429, SUCCESS[op]]);
      expect(journal.filter((e) => e.method !== op)).toEqual([]);
      for (const gap of gapsMs(mine)) expect(gap).toBeGreaterThanOrEqual(995);
      expect(ms).toBeGreaterThanOrEqual(2_000);
      if (op === "POST") expect(await batchCount()).toBe(1);
    });
  }

  for (const op of ["GET", "PATCH", "DELETE", "POST"] as const) {
    it(`${op}: a 429 with Retry-After as an HTTP date is waited out until that date`, async () => {
      const action = await run(op);
      // Two seconds ahead, truncated to whole seconds by the date format: a 1-2 s wait.
      const date = new Date(Date.now() + 2_000).toUTCString();
      const at = Date.parse(date);
      await admin.addFault({ kind: "status", status: 429, retryAfter: date, count: 1, method: op });
      const { ms } = await timed(action);
      const mine = (await admin.journal()).filter((e) => e.method === op);
      console.log(`[429 date] ${op}: ${lines(mine).join(", ")}; Retry-After ${date}; elapsed ${ms} ms`);
      expect(mine.map((e) => e.status)).toEqual([429, SUCCESS[op]]);
      expect(Date.parse(mine[1]!.time)).toBeGreaterThanOrEqual(at - 5);
    });
  }

  it("a Retry-After longer than the retry budget fails at once with the wait and what to do", async () => {
    await admin.addFault({ kind: "status", status: 429, retryAfter: 3600, count: 1 });
    const error = await failureOf(() => createBatch(campaign()));
    console.log(`[429 too long] ${error.message}`);
    expect(error.message).toContain("429");
    expect(error.message).toContain("Request was throttled.");
    expect(error.message).toContain("Retry-After");
    expect(error.message).toContain("retry later");
    expectNoSecret(error.message);
    expect(await admin.requests()).toHaveLength(1);
    expect(await batchCount()).toBe(0);
  });
});

describe("5xx bursts", () => {
  for (const op of ["GET", "PATCH", "DELETE"] as const) {
    it(`${op}: 502, 503, 504 in a row, then success`, async () => {
      const action = await run(op);
      for (const status of [502, 503, 504] as const) {
        await admin.addFault({ kind: "status", status, count: 1, method: op });
      }
      const { ms } = await timed(action);
      const mine = (await admin.journal()).filter((e) => e.method === op);
      console.log(`[5xx burst] ${op}: ${lines(mine).join(", ")}; elapsed ${ms} ms`);
      expect(mine.map((e) => e.status)).toEqual([502, 503, 504, SUCCESS[op]]);
    });
  }

  it("PATCH: a 500 is not retried (not in the retry list) and the error says what happened", async () => {
    const action = await run("PATCH");
    await admin.addFault({ kind: "status", status: 500, count: 5, method: "PATCH" });
    const error = await failureOf(action);
    console.log(`[500 PATCH] ${error.message}`);
    expect(error.message).toMatch(/PATCH .* failed: 500/);
    expect(error.message).toContain("A server error occurred.");
    expectNoSecret(error.message);
    expect((await admin.journal()).map((e) => e.status)).toEqual([500]);
  });

  it("POST: 429s (refused before acting) are retried, and exactly one batch results", async () => {
    await admin.addFault({ kind: "status", status: 429, retryAfter: 0, count: 2, method: "POST" });
    const { value } = await timed(() => createBatch(campaign()));
    const journal = await admin.journal();
    console.log(`[429 POST] ${lines(journal).join(", ")}`);
    expect(journal.map((e) => `${e.method} ${e.status}`)).toEqual(["POST 429", "POST 429", "POST 201"]);
    expect((await admin.batches(AGENT)).map((b) => b.batchId)).toEqual([value.id]);
  });

  for (const status of [500, 502, 503, 504] as const) {
    it(`POST: a ${status} may follow a create, so it is never re-posted; the batches are listed and the message says what to check`, async () => {
      await admin.addFault({ kind: "status", status, count: 1, method: "POST" });
      const error = await failureOf(() => createBatch(campaign()));
      const journal = await admin.journal();
      console.log(`[${status} POST] ${lines(journal).join(", ")}\n  ${error.message}`);
      expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
      expect(journal.filter((e) => e.method === "GET").length).toBeGreaterThanOrEqual(1);
      expect(error.message).toContain(`failed: ${status}`);
      expect(error.message).toContain("may or may not have happened");
      expect(error.message).toContain("adoptBatchId");
      expect(error.message).toContain(AGENT);
      expectNoSecret(error.message);
      expect(await batchCount()).toBe(0);
    });
  }
});

describe("latency beyond the request timeout", () => {
  it("GET: the slow try is abandoned at the timeout and retried; the read succeeds", async () => {
    const { id, outs } = await existing();
    await admin.addFault({ kind: "latency", ms: 3 * TIMEOUT_MS, count: 1, method: "GET" });
    const { value, ms } = await timed(() => provider.read(id, outs));
    expect(value.id).toBe(id);
    await sleep(3 * TIMEOUT_MS);
    const journal = await settledJournal(admin);
    console.log(`[latency GET] ${lines(journal).join(", ")}; elapsed ${ms} ms`);
    expect(journal.map((e) => e.fault)).toEqual(["latency", null]);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });

  it("POST: the service finishes the create after we gave up; the batch is adopted, not posted again", async () => {
    await admin.addFault({ kind: "latency", ms: 3 * TIMEOUT_MS, count: 1, method: "POST" });
    const { value, ms } = await timed(() => createBatch(campaign()));
    await sleep(3 * TIMEOUT_MS);
    const journal = await settledJournal(admin);
    console.log(`[latency POST] ${lines(journal).join(", ")}; elapsed ${ms} ms`);
    expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
    expect((await admin.batches(AGENT)).map((b) => b.batchId)).toEqual([value.id]);
  });
});

describe("connection dropped", () => {
  it("POST processed, then the connection dropped: the one batch that exists is adopted", async () => {
    await admin.clearJournal();
    await admin.addFault({ kind: "drop-after", count: 1, method: "POST" });
    const { value } = await createBatch(campaign()).then((v) => ({ value: v }));
    const journal = await admin.journal();
    console.log(`[drop-after POST] ${lines(journal).join(", ")}`);
    const batches = await admin.batches(AGENT);
    expect(batches.map((b) => b.batchId)).toEqual([value.id]);
    expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(journal[0]).toMatchObject({ method: "POST", dropped: true, status: 201 });
    expect(journal.slice(1).every((e) => e.method === "GET" && e.status === 200)).toBe(true);
    expect((value.outs as Record<string, unknown>).totalCount).toBe(2);
  });

  it("POST dropped before processing: not re-sent blindly; a clear error, no batch; the next create makes one", async () => {
    await admin.addFault({ kind: "drop-before", count: 1, method: "POST" });
    const error = await failureOf(() => createBatch(campaign()));
    const journal = await admin.journal();
    console.log(`[drop-before POST] ${lines(journal).join(", ")}\n  ${error.message}`);
    expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(error.message).toContain("may or may not have happened");
    expect(error.message).toContain(`GET /api/agents/${AGENT}/scheduled_batches`);
    expect(error.message).toContain("adoptBatchId");
    expectNoSecret(error.message);
    expect(await batchCount()).toBe(0);

    const again = await createBatch(campaign());
    expect((await admin.batches(AGENT)).map((b) => b.batchId)).toEqual([again.id]);
  });

  it("GET dropped (before and after processing) is simply retried", async () => {
    const { id, outs } = await existing();
    await admin.addFault({ kind: "drop-before", count: 1, method: "GET" });
    await admin.addFault({ kind: "drop-after", count: 1, method: "GET" });
    const result = await provider.read(id, outs);
    expect(result.id).toBe(id);
    const journal = await admin.journal();
    console.log(`[drop GET] ${lines(journal).join(", ")}`);
    expect(journal.map((e) => e.fault)).toEqual(["drop-before", "drop-after", null]);
  });

  it("DELETE processed, then dropped: the retry's 404 counts as deleted once the agent is seen", async () => {
    const { id, outs } = await existing();
    await admin.addFault({ kind: "drop-after", count: 1, method: "DELETE" });
    await provider.delete(id, outs);
    const journal = await admin.journal();
    console.log(`[drop-after DELETE] ${lines(journal).join(", ")}`);
    expect(journal.map((e) => `${e.method} ${e.dropped ? "dropped" : e.status}`)).toEqual([
      "DELETE dropped",
      "DELETE 404",
      "GET 200",
    ]);
    expect(await batchCount()).toBe(0);
  });
});

describe("an outage longer than the retry budget", () => {
  it("create: the POST is sent once (a 503 may follow a create), the lookup fails clearly; then converges", async () => {
    await admin.addFault({ kind: "status", status: 503, count: 1000 });
    const { value: error, ms } = await timed(() => failureOf(() => createBatch(campaign())));
    const journal = await admin.journal();
    console.log(`[outage create] ${journal.length} requests in ${ms} ms\n  ${error.message}`);
    expect(error.message).toMatch(/POST \/api\/agents\/.*\/scheduled_batches failed: 503/);
    expect(error.message).toContain("may or may not have happened");
    expect(error.message).toContain("Looking for the batch afterwards failed too");
    expect(error.message).toContain("Service temporarily unavailable.");
    expect(error.message).toContain("adoptBatchId");
    expectNoSecret(error.message);
    expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
    const lookups = journal.filter((e) => e.method === "GET");
    expect(lookups.length).toBeGreaterThan(1);
    expect(lookups.length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(journal.every((e) => e.status === 503)).toBe(true);
    await admin.clearFaults();
    expect(await batchCount()).toBe(0);

    const created = await createBatch(campaign());
    expect((await admin.batches(AGENT)).map((b) => b.batchId)).toEqual([created.id]);
  });

  it("update fails clearly and leaves the batch as it was; after the outage the same update converges", async () => {
    const { id, outs } = await existing();
    const news = await checkedInputs({ ...campaign(), windowEnd: laterWindowEnd });
    await admin.addFault({ kind: "status", status: 502, count: 1000, path: ONE_BATCH });
    const error = await failureOf(() => provider.update(id, outs, news));
    console.log(`[outage update] ${error.message}`);
    expect(error.message).toMatch(/PATCH .* failed: 502/);
    expect(error.message).toContain("Bad gateway.");
    expect(error.message).toMatch(/gave up after \d+ attempts|retry budget/);
    expectNoSecret(error.message);
    await admin.clearFaults();
    const live = (await admin.batch(AGENT, id)).json;
    expect(Date.parse(String(live.windowEnd))).toBe(Date.parse(String(outs.windowEnd)));

    await admin.clearJournal();
    const updated = await provider.update(id, outs, news);
    expect((updated.outs as Record<string, unknown>).windowEnd).toBe(laterWindowEnd);
    expect(await admin.requests()).toEqual([`PATCH ${BATCHES}/${id}`]);
  });
});
