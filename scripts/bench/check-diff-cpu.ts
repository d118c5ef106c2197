import * as lifecycle from "pulumi-ultravox/lifecycle";
import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";
import { API_KEY, batchArgs } from "./fixtures";
import { round, type Summary, summarize } from "./stats";

/**
 * Section 3: CPU time of check + diff, in process, on the lifecycle entry points the provider host
 * calls (`check` = validate + canonicalize with zod, `diff` = compare with the stored outputs). The
 * case is a no-op: the program re-declares the batch it already has, so diff compares every call.
 * CPU time is user + system from process.cpuUsage (this process, all threads). The calls arrive as
 * the engine hands them over from a ScheduledBatch: one canonical text (issue 12).
 */

export const CPU_SIZES = [1_000, 10_000, 100_000] as const;

export interface CpuRow {
  calls: number;
  check: Summary;
  diff: Summary;
  total: Summary;
  /** Wall-clock ms of check + diff, for comparison with CPU time. */
  wall: Summary;
  /** Median total / the previous size's median total (the size grows 10x). */
  growth: number | null;
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export async function measureCheckDiffCpu(runs: number, log: (m: string) => void): Promise<CpuRow[]> {
  const rows: CpuRow[] = [];
  // check fails without an API key (a preview must fail where the up would); no request is made.
  await lifecycle.configure({
    config: { get: (key: string) => (key === "ultravox:apiKey" ? API_KEY : undefined) },
  } as never);
  for (const calls of CPU_SIZES) {
    const declared = batchArgs(calls);
    const first = await lifecycle.check({}, toEngine(batch, { ...declared }));
    if (first.failures && first.failures.length > 0)
      throw new Error(`check failed: ${JSON.stringify(first.failures[0])}`);
    const olds = {
      ...first.inputs,
      batchId: "00000000-0000-4000-8000-000000000000",
      created: "2026-01-01T00:00:00Z",
      totalCount: calls,
      completedCount: 0,
      webhookSecretChosenByServer: false,
    };
    const samples = {
      check: [] as number[],
      diff: [] as number[],
      total: [] as number[],
      wall: [] as number[],
    };
    for (let run = 0; run <= runs; run++) {
      // A fresh copy each run, as the engine hands the host freshly decoded inputs.
      const news: Record<string, unknown> = {
        ...toEngine(batch, { ...structuredClone(declared) }),
        __provider: "serialized text",
      };
      const wallStart = performance.now();
      const checkStart = process.cpuUsage();
      const checked = await lifecycle.check(olds, news);
      const checkMs = cpuMs(checkStart);
      const diffStart = process.cpuUsage();
      const diff = await lifecycle.diff(olds.batchId, olds, checked.inputs);
      const diffMs = cpuMs(diffStart);
      const wallMs = performance.now() - wallStart;
      if (diff.changes) throw new Error("the no-op diff reported a change");
      if (run === 0) continue; // warm-up
      samples.check.push(checkMs);
      samples.diff.push(diffMs);
      samples.total.push(checkMs + diffMs);
      samples.wall.push(wallMs);
    }
    const total = summarize(samples.total);
    const previous = rows[rows.length - 1];
    rows.push({
      calls,
      check: summarize(samples.check),
      diff: summarize(samples.diff),
      total,
      wall: summarize(samples.wall),
      growth: previous ? round(total.median / previous.total.median, 2) : null,
    });
    log(`  ${calls} calls: check+diff median ${total.median} ms CPU`);
  }
  return rows;
}
