import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorAdmin } from "../lib/emulator-admin";
import { BATCH_TYPES, PulumiProject, REPO_ROOT } from "../lib/pulumi-project";
import { API_KEY } from "./fixtures";
import { type PeakMemory, withPeakMemory } from "./peak-memory";
import { timed } from "./stacks";
import { type Summary, summarize } from "./stats";

/**
 * Section 6: one batch of 1k, 10k and 100k calls through the language host — plain `pulumi`
 * commands in a project directory (scripts/bench/projects/), as a user runs them. For each size:
 * `up` creating it, a no-op `preview`, a one-field update (`webhookUrl`, alternating between two
 * values) and the state file's bytes; against a control project (a trivial dynamic resource with
 * the same calls as plain nested input) of the same size and an empty stack's preview (the CLI's
 * floor). Ours and the control run the same generator, so they hold the very same calls.
 */

const PROJECTS = path.join(REPO_ROOT, "scripts", "bench", "projects");
const URLS = ["https://hooks.example.com/ultravox/a", "https://hooks.example.com/ultravox/b"];

export const SCALE_SIZES = [1_000, 10_000, 100_000];
/** Above this many calls the control is not run by default (BENCH_SCALE_CONTROL_MAX raises it). */
export const CONTROL_MAX_DEFAULT = 10_000;
/**
 * Above this many calls the plugin door runs only its `up` and one no-op preview, for memory
 * (BENCH_SCALE_PLUGIN_TIMED_MAX raises it): a typed list of 100,000 calls costs the Node.js SDK and
 * the engine about a minute per run, which is Pulumi's and not the plugin's.
 */
export const PLUGIN_TIMED_MAX_DEFAULT = 10_000;

/** Which project a series runs: ours through either door, or the deep-input control. */
export type ScaleKind = "batch" | "plugin-batch" | "control";

export interface ScaleSeries {
  /** `pulumi up` creating the resource (one run). */
  up: number;
  /** Null when the series ran no timed runs (the plugin door above PLUGIN_TIMED_MAX_DEFAULT). */
  preview: Summary | null;
  update: Summary | null;
  /** Peak resident memory by process during `up` and the first no-op preview (ours only). */
  memory?: { up: PeakMemory; preview: PeakMemory };
  /** The stack's checkpoint file after the updates. */
  stateFileBytes: number;
  /** The resource's record in `pulumi stack export`, compact JSON. */
  recordBytes: number;
  /** API requests: no-op previews (all runs, warm-up included) and per update. */
  requests?: { preview: number; perUpdate: string[] };
}

export interface ScaleRow {
  calls: number;
  /** The calls as compact JSON (what the program declares). */
  payloadBytes: number;
  ours: ScaleSeries;
  /** The same batch through the provider plugin (the same Node.js program otherwise). */
  plugin: ScaleSeries | null;
  control: ScaleSeries | null;
  /** Why the control was not run at this size. */
  controlSkipped?: string;
}

export interface ScaleResult {
  runs: number;
  floor: Summary;
  rows: ScaleRow[];
}

/** The calls the projects generate (kept in step with scripts/bench/projects/*\/index.js). */
function payloadBytes(count: number): number {
  let bytes = 2 + Math.max(0, count - 1); // brackets and commas
  for (let i = 0; i < count; i++) {
    const id = String(i).padStart(6, "0");
    bytes += Buffer.byteLength(
      JSON.stringify({
        medium: { webRtc: {} },
        metadata: { customer: `cust-${id}`, segment: i % 2 === 0 ? "renewal" : "winback" },
        templateContext: { firstName: `Name${id}`, plan: "pro" },
      }),
    );
  }
  return bytes;
}

function stateFile(project: PulumiProject, projectName: string): string {
  return path.join(project.stateDir, ".pulumi", "stacks", projectName, `${project.stack}.json`);
}

async function measureFloor(runs: number, log: (m: string) => void): Promise<Summary> {
  const project = new PulumiProject(path.join(PROJECTS, "empty"));
  try {
    await project.init();
    await project.up();
    const samples: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const { ms } = await timed(() => project.preview());
      if (run > 0) samples.push(ms);
      log(`  empty stack preview ${run === 0 ? "(warm-up) " : ""}${Math.round(ms)} ms`);
    }
    return summarize(samples);
  } finally {
    await project.teardown();
  }
}

async function measureSeries(
  kind: ScaleKind,
  calls: number,
  runs: number,
  admin: EmulatorAdmin | null,
  log: (m: string) => void,
): Promise<ScaleSeries> {
  const project = new PulumiProject(path.join(PROJECTS, kind));
  const projectName = `bench-scale-${kind}`;
  const who = { batch: "ours", "plugin-batch": "ours (plugin)", control: "control" }[kind];
  const label = `${who} ${calls.toLocaleString("en-US")}`;
  const sample = kind !== "control";
  try {
    await project.init([
      ...(kind !== "control"
        ? ([
            ["ultravox:apiKey", API_KEY, true],
            ["ultravox:baseUrl", admin?.emulator.url ?? ""],
          ] as [string, string, boolean?][])
        : []),
      ["calls", String(calls)],
      ["webhookUrl", URLS[0] as string],
    ]);
    const up = await timed(() => withPeakMemory(() => project.up(), sample));
    log(`  ${label}: up ${Math.round(up.ms)} ms`);
    await admin?.clearJournal();
    const previews: number[] = [];
    let previewMemory: PeakMemory | undefined;
    for (let run = 0; run <= runs; run++) {
      // The warm-up is the run whose memory is sampled (untimed: sampling costs a little CPU).
      const { ms, value: sampled } = await timed(() =>
        withPeakMemory(() => project.preview(), sample && run === 0),
      );
      const value = sampled.value;
      if (run === 0) previewMemory = sampled.peaks;
      if (!/2 unchanged/.test(value.stdout) || /to update|to create|to replace/.test(value.stdout)) {
        throw new Error(`${label}: the no-op preview reported changes:\n${value.stdout}`);
      }
      if (run > 0) previews.push(ms);
      log(`  ${label}: no-op preview ${run === 0 ? "(warm-up) " : ""}${Math.round(ms)} ms`);
    }
    const previewRequests = admin ? (await admin.journal()).length : 0;
    const updates: number[] = [];
    let perUpdate: string[] = [];
    for (let run = 1; run <= runs; run++) {
      await project.setConfig("webhookUrl", URLS[run % 2] as string);
      await admin?.clearJournal();
      const { ms, value } = await timed(() => project.up());
      if (!/1 updated/.test(value.stdout))
        throw new Error(`${label}: the update did not update:\n${value.stdout}`);
      if (admin) {
        perUpdate = (await admin.journal()).map(
          (e) => `${e.method} ${Object.keys((e.body ?? {}) as object).join(",")}`,
        );
        if (perUpdate.length !== 1 || perUpdate[0] !== "PATCH webhookUrl") {
          throw new Error(`${label}: a one-field update sent ${JSON.stringify(perUpdate)}`);
        }
      }
      updates.push(ms);
      log(`  ${label}: one-field update ${Math.round(ms)} ms`);
    }
    const exported = JSON.parse((await project.ok("stack", "export")).stdout) as {
      deployment: { resources: { type: string }[] };
    };
    const record = exported.deployment.resources.find(
      (r) => r.type.includes(":dynamic/") || BATCH_TYPES.includes(r.type),
    );
    return {
      up: up.ms,
      preview: runs > 0 ? summarize(previews) : null,
      update: runs > 0 ? summarize(updates) : null,
      ...(sample && previewMemory ? { memory: { up: up.value.peaks, preview: previewMemory } } : {}),
      stateFileBytes: fs.statSync(stateFile(project, projectName)).size,
      recordBytes: Buffer.byteLength(JSON.stringify(record)),
      ...(admin ? { requests: { preview: previewRequests, perUpdate } } : {}),
    };
  } finally {
    await project.teardown();
  }
}

export async function measureScale(
  admin: EmulatorAdmin,
  runs: number,
  log: (m: string) => void,
  sizes: number[] = SCALE_SIZES,
): Promise<ScaleResult> {
  const controlMax = Number(process.env.BENCH_SCALE_CONTROL_MAX ?? CONTROL_MAX_DEFAULT);
  const pluginTimedMax = Number(process.env.BENCH_SCALE_PLUGIN_TIMED_MAX ?? PLUGIN_TIMED_MAX_DEFAULT);
  log("  the CLI floor: an empty stack");
  const floor = await measureFloor(runs, log);
  const rows: ScaleRow[] = [];
  for (const calls of sizes) {
    const ours = await measureSeries("batch", calls, runs, admin, log);
    const plugin = await measureSeries("plugin-batch", calls, calls <= pluginTimedMax ? runs : 0, admin, log);
    let control: ScaleSeries | null = null;
    let controlSkipped: string | undefined;
    if (calls <= controlMax) control = await measureSeries("control", calls, runs, null, log);
    else {
      const previous = rows.find((row) => row.control !== null && row.calls * 10 === calls)?.control;
      const estimate = previous
        ? (previous.up +
            (runs + 1) * (previous.preview?.median ?? 0) +
            runs * (previous.update?.median ?? 0)) *
          10
        : null;
      controlSkipped =
        `not run above ${controlMax.toLocaleString("en-US")} calls by default: the deep-input control grows about ` +
        `linearly, so at this size it would need about ${estimate === null ? "10× the previous size's" : `${Math.round(estimate / 60000)} min`} ` +
        "on this machine (BENCH_SCALE_CONTROL_MAX raises the limit)";
    }
    rows.push({
      calls,
      payloadBytes: payloadBytes(calls),
      ours,
      plugin,
      control,
      ...(controlSkipped ? { controlSkipped } : {}),
    });
  }
  return { runs, floor, rows };
}
