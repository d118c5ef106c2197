import type { PulumiFn } from "@pulumi/pulumi/automation";
import { ScheduledBatch } from "pulumi-ultravox";
import { startEmulator } from "pulumi-ultravox/emulator";
import { EmulatorAdmin } from "../lib/emulator-admin";
import { API_KEY, batchArgs } from "./fixtures";
import { benchStack } from "./stacks";
import { round, type Summary, summarize } from "./stats";

/**
 * Section 5: create 200 batches with one `pulumi up` (the CLI's default parallelism) against the
 * emulator limited to 20 requests per second. The floor is 200 / 20 = 10 s. Each run uses a fresh
 * emulator and a fresh stack. A reference run without the limit, interleaved with the limited ones,
 * shows how much of the time is the engine's own.
 */

export const THROUGHPUT_BATCHES = 200;
export const RATE_LIMIT = 20;
export const CALLS_PER_BATCH = 10;
export const FLOOR_MS = (THROUGHPUT_BATCHES / RATE_LIMIT) * 1000;

interface Run {
  upMs: number;
  /** First to last API request, from the journal's arrival times. */
  requestSpanMs: number;
  requests: number;
  created: number;
  throttled: number;
  failed: string | null;
}

export interface ThroughputSeries {
  rateLimit: number | null;
  runs: Run[];
  up: Summary;
  requestSpan: Summary;
  /** Median up time / the 10 s floor. */
  ratio: number;
  throttled: Summary;
  requests: Summary;
  failures: number;
}

export interface ThroughputResult {
  batches: number;
  callsPerBatch: number;
  floorMs: number;
  limited: ThroughputSeries;
  unlimited: ThroughputSeries;
}

const args = batchArgs(CALLS_PER_BATCH);
const program: PulumiFn = async () => {
  for (let i = 0; i < THROUGHPUT_BATCHES; i++) new ScheduledBatch(`batch-${i}`, args);
};

async function oneRun(rateLimit: number | null): Promise<Run> {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  const emulator = await startEmulator({
    unknownThrottle: "accept",
    clock: "manual",
    apiKeys: [API_KEY],
    rateLimitPerSecond: rateLimit,
  });
  const admin = new EmulatorAdmin(emulator);
  const local = await benchStack("bench-throughput", program, emulator.url);
  try {
    let failed: string | null = null;
    const started = performance.now();
    try {
      await local.stack.up();
    } catch (error) {
      failed = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    }
    const upMs = performance.now() - started;
    const journal = await admin.journal();
    const times = journal.map((e) => Date.parse(e.time));
    return {
      upMs,
      requestSpanMs: times.length > 0 ? Math.max(...times) - Math.min(...times) : 0,
      requests: journal.length,
      created: journal.filter((e) => e.method === "POST" && e.status === 201).length,
      throttled: journal.filter((e) => e.status === 429).length,
      failed,
    };
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

function series(rateLimit: number | null, runs: Run[]): ThroughputSeries {
  const up = summarize(runs.map((r) => r.upMs));
  return {
    rateLimit,
    runs: runs.map((r) => ({ ...r, upMs: round(r.upMs) })),
    up,
    requestSpan: summarize(runs.map((r) => r.requestSpanMs)),
    ratio: round(up.median / FLOOR_MS, 2),
    throttled: summarize(runs.map((r) => r.throttled)),
    requests: summarize(runs.map((r) => r.requests)),
    failures: runs.filter((r) => r.failed !== null).length,
  };
}

export async function measureThroughput(runs: number, log: (m: string) => void): Promise<ThroughputResult> {
  const limited: Run[] = [];
  const unlimited: Run[] = [];
  for (let run = 0; run < runs; run++) {
    for (const [rate, into] of [
      [RATE_LIMIT, limited],
      [null, unlimited],
    ] as const) {
      const result = await oneRun(rate);
      into.push(result);
      log(
        `  run ${run + 1} ${rate === null ? "no limit" : `${rate} req/s`}: up ${Math.round(result.upMs)} ms, ` +
          `${result.created} created, ${result.throttled} x 429${result.failed ? `, FAILED: ${result.failed}` : ""}`,
      );
    }
  }
  return {
    batches: THROUGHPUT_BATCHES,
    callsPerBatch: CALLS_PER_BATCH,
    floorMs: FLOOR_MS,
    limited: series(RATE_LIMIT, limited),
    unlimited: series(null, unlimited),
  };
}
