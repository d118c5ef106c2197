/**
 * `npm run bench`: measures, in one run, the figures of issue #6 and, for both doors (the dynamic
 * resource and the provider plugin), those of issue 18 item 7 (no-op runs, state, peak memory by
 * process), and writes BENCHMARKS.md and BENCHMARKS.json at the repository root. Sections live in
 * scripts/bench/, one file each.
 *
 * BENCH_RUNS=<n> lowers the number of timed runs per figure (for trying the script out; the
 * committed report is made with the defaults, which the report states).
 *
 * `npm run bench -- --render` writes BENCHMARKS.md again from BENCHMARKS.json, measuring nothing.
 * `npm run bench -- --only doors` runs only section 7 (both doors' no-op runs and state) and writes
 * bench-results/doors.{json,md}.
 * `npm run bench -- --only create-look` runs only section 10 (the look before each create, against
 * the POST alone) and writes bench-results/create-look.{json,md} and its figures into
 * BENCHMARKS.json; `--render` then puts them into BENCHMARKS.md.
 * `npm run bench -- --only calls-file` runs only section 11 (100,000 calls from a file, both doors)
 * and writes bench-results/calls-file.{json,md} and its figures into BENCHMARKS.json; `--render`
 * then puts them into BENCHMARKS.md.
 * `npm run bench -- --only scale` runs only section 6 (one batch of 1k, 10k and 100k calls through
 * the language host) and writes bench-results/scale.json and bench-results/scale.md, leaving
 * BENCHMARKS.md alone. BENCH_SCALE_SIZES=1000,10000 picks the sizes; BENCH_SCALE_CONTROL_MAX the
 * largest size at which the deep-input control runs (default 10,000).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "pulumi-ultravox/emulator";
import { callsFileSection, measureCallsFile } from "./bench/calls-file";
import { measureCheckDiffCpu } from "./bench/check-diff-cpu";
import { createLookSection, measureCreateLook } from "./bench/create-look";
import type { DoorsResult } from "./bench/doors";
import { measureDoors } from "./bench/doors";
import { API_KEY } from "./bench/fixtures";
import { machineFacts } from "./bench/machine";
import { measureNoopRuns, NOOP_RESOURCES } from "./bench/noop-runs";
import { measurePluginCopies } from "./bench/plugin-copies";
import { renderReport, scaleSection } from "./bench/report";
import { doorsSection, memorySection } from "./bench/report-doors";
import type { BenchResults } from "./bench/results";
import { measureScale, SCALE_SIZES, type ScaleResult } from "./bench/scale";
import { measureStateCost } from "./bench/state-cost";
import { measureThroughput } from "./bench/throughput";
import { measureWireCost } from "./bench/wire-cost";
import { EmulatorAdmin } from "./lib/emulator-admin";
import { REPO_ROOT } from "./lib/local-stack";

const override = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
const RUNS = {
  cli: override ?? 5,
  cpu: override ?? 7,
  throughput: override ?? 5,
  scale: override ?? 3,
  doors: override ?? 3,
  createLook: override ?? 3,
  callsFile: override ?? 3,
};
const SIZES = process.env.BENCH_SCALE_SIZES
  ? process.env.BENCH_SCALE_SIZES.split(",").map(Number)
  : SCALE_SIZES;
const onlyAt = process.argv.indexOf("--only");
const ONLY = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

const started = performance.now();
function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${seconds} s] ${message}\n`);
}

async function scale(): Promise<ScaleResult> {
  log(`6. scale: one batch of ${SIZES.join(", ")} calls through the language host (${RUNS.scale} runs)`);
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  try {
    return await measureScale(new EmulatorAdmin(emulator), RUNS.scale, log, SIZES);
  } finally {
    await emulator.close();
  }
}

async function bothDoors(): Promise<DoorsResult> {
  log(`7. both doors: no-op runs and state through the CLI (${RUNS.doors} runs)`);
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  try {
    return await measureDoors(new EmulatorAdmin(emulator), RUNS.doors, log);
  } finally {
    await emulator.close();
  }
}

/** Writes one section's results to bench-results/<name>.{json,md}, leaving BENCHMARKS.md alone. */
function writeSection(name: string, result: unknown, render: (notes: string[]) => string): void {
  const dir = path.join(REPO_ROOT, "bench-results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const notes: string[] = [];
  const text = render(notes);
  fs.writeFileSync(path.join(dir, `${name}.md`), `${text}\n\n${notes.map((n) => `- ${n}`).join("\n")}\n`);
  process.stdout.write(`${text}\n`);
  log(`wrote bench-results/${name}.json and bench-results/${name}.md`);
}

async function onlyScale(): Promise<void> {
  const result = await scale();
  writeSection(
    "scale",
    result,
    (notes) => `${scaleSection(result, notes)}\n\n${memorySection(result, notes)}`,
  );
}

/** `--render`: BENCHMARKS.md again from BENCHMARKS.json (after a change to the report's wording). */
function render(): void {
  const results = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "BENCHMARKS.json"), "utf8"),
  ) as BenchResults;
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), renderReport(results));
  log("wrote BENCHMARKS.md from BENCHMARKS.json");
}

async function onlyDoors(): Promise<void> {
  const result = await bothDoors();
  writeSection("doors", result, (notes) => doorsSection(result, notes));
}

async function createLook() {
  log(`10. the look before each create, against the POST alone (${RUNS.createLook} runs)`);
  return measureCreateLook(RUNS.createLook, log);
}

/** Section 10 alone: its own files, and its figures merged into BENCHMARKS.json for `--render`. */
async function onlyCreateLook(): Promise<void> {
  const result = await createLook();
  writeSection("create-look", result, (notes) => createLookSection(result, notes));
  const file = path.join(REPO_ROOT, "BENCHMARKS.json");
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
  fs.writeFileSync(file, `${JSON.stringify({ ...results, createLook: result }, null, 2)}\n`);
  log("merged section 10 into BENCHMARKS.json; `npm run bench -- --render` writes BENCHMARKS.md");
}

async function callsFile() {
  log(`11. calls from a file, both doors (${RUNS.callsFile} runs)`);
  const emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  try {
    return await measureCallsFile(new EmulatorAdmin(emulator), emulator.url, RUNS.callsFile, log);
  } finally {
    await emulator.close();
  }
}

/** Section 11 alone (issue 24): 100,000 calls from a file through both doors. */
async function onlyCallsFile(): Promise<void> {
  const result = await callsFile();
  writeSection("calls-file", result, (notes) => callsFileSection(result, notes));
  const file = path.join(REPO_ROOT, "BENCHMARKS.json");
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
  fs.writeFileSync(file, `${JSON.stringify({ ...results, callsFile: result }, null, 2)}\n`);
  log("merged section 11 into BENCHMARKS.json; `npm run bench -- --render` writes BENCHMARKS.md");
}

async function main(): Promise<void> {
  if (process.argv.includes("--render")) return render();
  if (ONLY === "calls-file") return onlyCallsFile();
  if (ONLY === "scale") return onlyScale();
  if (ONLY === "doors") return onlyDoors();
  if (ONLY === "create-look") return onlyCreateLook();
  if (ONLY !== undefined)
    throw new Error(`--only: unknown section ${ONLY} (known: scale, doors, create-look, calls-file)`);
  log("machine facts");
  const machine = machineFacts();

  log("1. wire cost per change");
  const wireCost = await measureWireCost();

  log(`3. check + diff CPU (${RUNS.cpu} runs)`);
  const checkDiffCpu = await measureCheckDiffCpu(RUNS.cpu, log);

  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
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

  const scaleResult = await scale();
  const doors = await bothDoors();
  log("9. where the plugin's memory goes (100,000 calls)");
  const copies = measurePluginCopies(100_000, log);
  const createLookResult = await createLook();
  const callsFileResult = await callsFile();

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
    scale: scaleResult,
    doors,
    copies,
    createLook: createLookResult,
    callsFile: callsFileResult,
  };
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), renderReport(results));
  log(`wrote BENCHMARKS.md and BENCHMARKS.json (${(results.totalWallMs / 60000).toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
