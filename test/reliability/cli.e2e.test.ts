import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, campaign, laterWindowEnd, lines, tally } from "./support";

/**
 * Faults and load through plain `pulumi` commands (language host, engine, state file,
 * dynamic-provider host) against the emulator, on test/reliability/fleet-project: one batch per
 * element of its `batches` config. Figures (requests, 429s, elapsed) are printed; timing is never
 * asserted from above.
 */

const FLEET_PROJECT = path.join(__dirname, "fleet-project");
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const projects: PulumiProject[] = [];

// Realtime clock: the service stamps `created` with the same clock as its `Date` header, which the
// duplicate-safe create relies on (see docs/reliability.md on the manual clock).
beforeAll(async () => {
  emulator = await startEmulator({ clock: "realtime", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  for (const project of projects) {
    await project.teardown();
  }
  await emulator?.close();
});

/** A stack of the fleet project holding `batches`, with the API key, base URL and `extra` config. */
async function fleet(batches: Record<string, unknown>[], extra: Record<string, string> = {}) {
  const project = new PulumiProject(FLEET_PROJECT);
  projects.push(project);
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator.url],
    ...Object.entries(extra).map(([key, value]): [string, string] => [key, value]),
    ["batches", JSON.stringify(batches)],
  ]);
  return project;
}

async function stateBatches(
  project: PulumiProject,
): Promise<{ id: string; outputs: Record<string, unknown> }[]> {
  return (await project.batches()).map((r) => ({ id: r.id as string, outputs: r.outputs ?? {} }));
}

describe("50 batches in one `pulumi up --parallel 10` under a steady rate limit", () => {
  const COUNT = 50;
  const RATE = Number(process.env.RELIABILITY_RATE ?? 10);

  it("all are created with exactly 50 successful POSTs, only 429s besides; a second up sends nothing", async () => {
    await admin.request("POST", "/_emulator/reset");
    const project = await fleet(Array.from({ length: COUNT }, (_, i) => campaign(i + 1)));
    await admin.setRateLimit(RATE);
    await admin.clearJournal();
    const started = Date.now();
    const result = await project.up("--parallel", "10");
    const elapsed = Date.now() - started;
    const journal = await admin.journal();
    await admin.setRateLimit(null);

    const counts = tally(journal);
    // Tries per batch (bodies differ by their first call's address).
    const tries = new Map<string, number>();
    for (const e of journal.filter((entry) => entry.method === "POST")) {
      const key = JSON.stringify((e.body as { calls?: unknown[] } | null)?.calls?.[0]);
      tries.set(key, (tries.get(key) ?? 0) + 1);
    }
    const mostTries = Math.max(...tries.values());
    const throttled = journal.filter((e) => e.status === 429);
    console.log(
      `[50 batches @ ${RATE} req/s, --parallel 10] ${journal.length} requests: ${JSON.stringify(counts)}; ` +
        `429s ${throttled.length} (all rate-limit: ${throttled.every((e) => e.fault === "rate-limit")}); ` +
        `most tries for one batch ${mostTries} (maxAttempts default 5); ` +
        `up took ${elapsed} ms`,
    );

    expect(result.stdout).toContain(`${COUNT + 1} created`);
    expect(journal.filter((e) => e.method === "POST" && e.status === 201)).toHaveLength(COUNT);
    // Besides the POSTs only each create's look for an earlier create's batch (a listing; the
    // other batches of this run are claimed, so at most a batch still in flight has its calls read).
    expect(journal.every((e) => e.method === "POST" || e.method === "GET")).toBe(true);
    expect(
      journal.every(
        (e) => e.status === 201 || e.status === 200 || (e.status === 429 && e.fault === "rate-limit"),
      ),
    ).toBe(true);

    const inState = await stateBatches(project);
    expect(inState).toHaveLength(COUNT);
    const live = new Set((await admin.batches(AGENT)).map((b) => b.batchId as string));
    expect(live.size).toBe(COUNT);
    for (const batch of inState) expect(live.has(batch.id)).toBe(true);
    expect(new Set((await project.outputs()).ids as string[])).toEqual(live);

    await admin.setRateLimit(RATE);
    await admin.clearJournal();
    const again = await project.up("--parallel", "10");
    expect(again.stdout).toContain(`${COUNT + 1} unchanged`);
    expect(await admin.journal()).toEqual([]);
    await admin.setRateLimit(null);
  }, 600_000);
});

describe("a POST the service processes, then drops the connection", () => {
  it("up succeeds, exactly one batch exists and the state holds its id", async () => {
    await admin.request("POST", "/_emulator/reset");
    const project = await fleet([campaign(7)]);
    await admin.addFault({ kind: "drop-after", count: 1, method: "POST" });
    await admin.clearJournal();
    await project.up();
    const journal = await admin.journal();
    console.log(`[drop-after via CLI] ${lines(journal).join(", ")}`);

    const live = await admin.batches(AGENT);
    expect(live).toHaveLength(1);
    const id = live[0]!.batchId as string;
    expect((await project.outputs()).ids).toEqual([id]);
    expect((await stateBatches(project)).map((b) => b.id)).toEqual([id]);
    expect(journal.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(journal[0]).toMatchObject({ method: "GET", status: 200 }); // the look before the POST
    expect(journal[1]).toMatchObject({ method: "POST", dropped: true, fault: "drop-after" });
    expect(journal.slice(2).every((e) => e.method === "GET" && e.status === 200)).toBe(true);

    await admin.clearJournal();
    const again = await project.up();
    expect(again.stdout).toContain("2 unchanged");
    expect(await admin.journal()).toEqual([]);
  }, 300_000);
});

describe("an outage longer than the retry budget during an update", () => {
  it("up fails with a clear error, the state keeps the batch, and the next up converges with one PATCH", async () => {
    await admin.request("POST", "/_emulator/reset");
    const args = campaign(9);
    const project = await fleet([args], {
      "ultravox:retryBudgetMs": "3000",
      "ultravox:maxAttempts": "4",
      "ultravox:requestTimeoutMs": "2000",
    });
    await project.up();
    const first = await project.outputs();
    const id = (first.ids as string[])[0]!;
    const oldWindowEnd = (first.windowEnds as string[])[0]!;

    await project.setConfig("batches", JSON.stringify([{ ...args, windowEnd: laterWindowEnd }]));
    await admin.addFault({ kind: "status", status: 503, count: 1000 });
    await admin.clearJournal();
    const started = Date.now();
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    const error = new Error(failed.output);
    expect(failed.code).not.toBe(0);
    const elapsed = Date.now() - started;
    const journal = await admin.journal();
    await admin.clearFaults();
    const line = error.message.split("\n").find((l) => l.includes("Ultravox API")) ?? error.message;
    console.log(
      `[outage via CLI] ${journal.length} requests, up failed after ${elapsed} ms:\n  ${line.trim()}`,
    );

    expect(error.message).toContain(`PATCH ${BATCHES}/${id} failed: 503`);
    expect(error.message).toContain("Service temporarily unavailable.");
    expect(error.message).toMatch(/gave up after \d+ attempts/);
    expect(error.message).not.toContain(API_KEY);
    expect(project.stateText()).not.toContain(API_KEY);
    expect(journal.length).toBeGreaterThan(1);
    expect(journal.every((e) => e.method === "PATCH" && e.status === 503)).toBe(true);

    // The state still holds the batch, unchanged; so does the service.
    const inState = await stateBatches(project);
    expect(inState.map((b) => b.id)).toEqual([id]);
    expect(inState[0]!.outputs.windowEnd).toBe(oldWindowEnd);
    const live = await admin.batches(AGENT);
    expect(live.map((b) => b.batchId)).toEqual([id]);
    expect(Date.parse(String(live[0]!.windowEnd))).toBe(Date.parse(oldWindowEnd));

    await admin.clearJournal();
    const converged = await project.up();
    expect(converged.stdout).toContain("1 updated");
    expect(await admin.requests()).toEqual([`PATCH ${BATCHES}/${id}`]);
    expect((await project.outputs()).windowEnds).toEqual([laterWindowEnd]);
    expect((await admin.batches(AGENT)).map((b) => b.batchId)).toEqual([id]);
  }, 300_000);
});
