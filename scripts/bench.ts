/**
 * `npm run bench`: measures, in one run, the five figures of issue #6 and writes BENCHMARKS.md and
 * BENCHMARKS.json at the repository root. Sections live in scripts/bench/, one file each.
 *
 * BENCH_RUNS=<n> lowers the number of timed runs per figure (for trying the script out; the
 * committed report is made with the defaults, which the report states).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "pulumi-ultravox/emulator";
import { measureCheckDiffCpu } from "./bench/check-diff-cpu";
import { API_KEY } from "./bench/fixtures";
import { machineFacts } from "./bench/machine";
import { measureNoopRuns, NOOP_RESOURCES } from "./bench/noop-runs";
import { renderReport } from "./bench/report";
import type { BenchResults } from "./bench/results";
import { measureStateCost } from "./bench/state-cost";
import { measureThroughput } from "./bench/throughput";
import { measureWireCost } from "./bench/wire-cost";
import { EmulatorAdmin } from "./lib/emulator-admin";
import { REPO_ROOT } from "./lib/local-stack";

const override = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
const RUNS = { cli: override ?? 5, cpu: override ?? 7, throughput: override ?? 5 };

const started = performance.now();
function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${seconds} s] ${message}\n`);
}

async function main(): Promise<void> {
  log("machine facts");
  const machine = machineFacts();

  log("1. wire cost per change");
  const wireCost = await measureWireCost();

  log(`3. check + diff CPU (${RUNS.cpu} runs)`);
  const checkDiffCpu = await measureCheckDiffCpu(RUNS.cpu, log);

  const emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  const admin = new EmulatorAdmin(emulator);
  let noop: Awaited<ReturnType<typeof measureNoopRuns>> | undefined;
  let stateCost: BenchResults["stateCost"];
  try {
    log(`2. no-op runs (${RUNS.cli} runs)`);
    noop = await measureNoopRuns(admin, RUNS.cli, log);
    log("4. state cost");
    stateCost = await measureStateCost(
      admin,
      { local: noop.batches, project: noop.batchesProject, count: NOOP_RESOURCES, callsPerBatch: 100 },
      { local: noop.control, project: noop.controlProject, count: NOOP_RESOURCES },
      log,
    );
  } finally {
    await noop?.dispose();
    await emulator.close();
  }

  log(`5. throughput under a rate limit (${RUNS.throughput} runs)`);
  const throughput = await measureThroughput(RUNS.throughput, log);

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    totalWallMs: Math.round(performance.now() - started),
    machine,
    runs: RUNS,
    wireCost: { cases: wireCost.cases },
    noop: noop.result,
    checkDiffCpu,
    stateCost,
    throughput,
  };
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), renderReport(results));
  log(`wrote BENCHMARKS.md and BENCHMARKS.json (${(results.totalWallMs / 60000).toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
