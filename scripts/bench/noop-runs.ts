import type { PulumiFn } from "@pulumi/pulumi/automation";
import { ScheduledBatch } from "pulumi-ultravox";
import type { EmulatorAdmin } from "../lib/emulator-admin";
import type { LocalStack } from "../lib/local-stack";
import { ControlResource } from "./control-resource";
import { batchArgs } from "./fixtures";
import { benchStack, timed } from "./stacks";
import { type Summary, summarize } from "./stats";

/**
 * Section 2: `pulumi preview` and `pulumi up` with nothing changed, through the real CLI. A stack of
 * 50 batches against a control stack of 50 trivial dynamic resources; wall time of each operation
 * (as the Automation API sees it, CLI start-up included) and the API requests ours sent.
 */

export const NOOP_RESOURCES = 50;

export interface NoopVariant {
  name: string;
  resources: number;
  callsPerBatch: number | null;
  preview: Summary;
  up: Summary;
  /** API requests seen in the emulator's journal during the timed and warm-up runs. */
  requests: { preview: number; up: number };
  /** What the engine reported for the last no-op up, e.g. {same: 51}. */
  lastUpChanges: Record<string, number>;
}

export interface NoopResult {
  runs: number;
  variants: NoopVariant[];
}

interface Variant {
  name: string;
  projectName: string;
  callsPerBatch: number | null;
  program: PulumiFn;
}

function batchesProgram(callsPerBatch: number): PulumiFn {
  const args = batchArgs(callsPerBatch); // fixed once: every run declares the very same batches
  return async () => {
    for (let i = 0; i < NOOP_RESOURCES; i++) new ScheduledBatch(`batch-${i}`, args);
  };
}

const controlProgram: PulumiFn = async () => {
  for (let i = 0; i < NOOP_RESOURCES; i++) new ControlResource(`control-${i}`, i);
};

export interface NoopStacks {
  result: NoopResult;
  /** The 50-batch stack (100 calls each), kept for the state-cost section; dispose when done. */
  batches: LocalStack;
  batchesProject: string;
  control: LocalStack;
  controlProject: string;
  dispose(): Promise<void>;
}

export async function measureNoopRuns(
  admin: EmulatorAdmin,
  runs: number,
  log: (m: string) => void,
): Promise<NoopStacks> {
  const variants: Variant[] = [
    {
      name: "ours: 50 batches x 100 calls",
      projectName: "bench-noop-batches",
      callsPerBatch: 100,
      program: batchesProgram(100),
    },
    {
      name: "control: 50 trivial dynamic resources",
      projectName: "bench-noop-control",
      callsPerBatch: null,
      program: controlProgram,
    },
    {
      name: "ours: 50 batches x 1 call (diagnostic)",
      projectName: "bench-noop-batches-small",
      callsPerBatch: 1,
      program: batchesProgram(1),
    },
  ];
  const stacks: LocalStack[] = [];
  for (const variant of variants) {
    const local = await benchStack(variant.projectName, variant.program, admin.emulator.url);
    stacks.push(local);
    log(`  creating ${variant.name}`);
    await local.stack.up();
  }
  const samples = variants.map(() => ({
    preview: [] as number[],
    up: [] as number[],
    requests: { preview: 0, up: 0 },
  }));
  const lastUp: Record<string, number>[] = variants.map(() => ({}));
  // Run 0 is a warm-up (not timed); then the variants take turns so drift hits them alike.
  for (let run = 0; run <= runs; run++) {
    for (const [i, variant] of variants.entries()) {
      const local = stacks[i] as LocalStack;
      const sample = samples[i] as (typeof samples)[number];
      await admin.clearJournal();
      const preview = await timed(() => local.stack.preview());
      sample.requests.preview += (await admin.journal()).length;
      if (JSON.stringify(preview.value.changeSummary) !== JSON.stringify({ same: NOOP_RESOURCES + 1 })) {
        throw new Error(
          `${variant.name}: no-op preview reported ${JSON.stringify(preview.value.changeSummary)}`,
        );
      }
      await admin.clearJournal();
      const up = await timed(() => local.stack.up());
      sample.requests.up += (await admin.journal()).length;
      lastUp[i] = { ...up.value.summary.resourceChanges };
      if (run > 0) {
        sample.preview.push(preview.ms);
        sample.up.push(up.ms);
      }
      log(
        `  run ${run}${run === 0 ? " (warm-up)" : ""} ${variant.name}: preview ${Math.round(preview.ms)} ms, up ${Math.round(up.ms)} ms`,
      );
    }
  }
  const result: NoopResult = {
    runs,
    variants: variants.map((variant, i) => {
      const sample = samples[i] as (typeof samples)[number];
      return {
        name: variant.name,
        resources: NOOP_RESOURCES,
        callsPerBatch: variant.callsPerBatch,
        preview: summarize(sample.preview),
        up: summarize(sample.up),
        requests: sample.requests,
        lastUpChanges: lastUp[i] ?? {},
      };
    }),
  };
  const [batches, control, small] = stacks as [LocalStack, LocalStack, LocalStack];
  await small.dispose();
  return {
    result,
    batches,
    batchesProject: "bench-noop-batches",
    control,
    controlProject: "bench-noop-control",
    dispose: async () => {
      await batches.dispose();
      await control.dispose();
    },
  };
}
