import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorAdmin } from "../lib/emulator-admin";
import { PulumiProject } from "../lib/pulumi-project";
import { callsPayloadBytes, type DoorKind, writeDoorProject } from "./door-projects";
import { API_KEY } from "./fixtures";
import { timed } from "./stacks";
import { type Summary, summarize } from "./stats";

/**
 * Section 7: both doors side by side, through plain `pulumi` commands in project directories:
 * 50 batches of 100 calls through the dynamic resource (TypeScript program), through the provider
 * plugin from the same TypeScript program, and through the plugin from a YAML program; each beside
 * a trivial control in the same language (a trivial dynamic resource; a trivial provider plugin,
 * scripts/bench/control-plugin), and beside the trivial plugin's resources holding the very same
 * calls (what the typed list costs the SDK, the YAML host and the engine alone). No-op preview and up, taking turns after one untimed warm-up;
 * then state bytes per batch.
 */

export const DOOR_RESOURCES = 50;
export const DOOR_CALLS = 100;

export interface DoorStack {
  kind: DoorKind;
  preview: Summary;
  up: Summary;
  /** API requests during all no-op runs (warm-up included): must be 0. */
  requests: number;
  /** Batches only: the state file per batch, and one batch's record in `stack export` (compact JSON). */
  state?: { fileBytesPerBatch: number; recordBytes: number; payloadBytes: number };
}

export interface DoorsResult {
  runs: number;
  resources: number;
  callsPerBatch: number;
  stacks: DoorStack[];
}

const KINDS: DoorKind[] = [
  "ts-dynamic",
  "ts-dynamic-control",
  "ts-plugin",
  "ts-plugin-control",
  "ts-plugin-deep-control",
  "yaml-plugin",
  "yaml-plugin-control",
  "yaml-plugin-deep-control",
];

function assertNoop(kind: DoorKind, stdout: string): void {
  if (
    !stdout.includes(`${DOOR_RESOURCES + 1} unchanged`) ||
    /to create|to update|to replace|to delete/.test(stdout)
  ) {
    throw new Error(`${kind}: the no-op run reported changes:\n${stdout}`);
  }
}

async function stateOf(project: PulumiProject): Promise<DoorStack["state"]> {
  const batches = await project.batches();
  const record = batches[0];
  if (batches.length !== DOOR_RESOURCES || record === undefined) {
    throw new Error(`expected ${DOOR_RESOURCES} batches in state, found ${batches.length}`);
  }
  const stacksDir = path.join(project.stateDir, ".pulumi", "stacks");
  const [projectDir] = fs.readdirSync(stacksDir);
  const file = path.join(stacksDir, projectDir as string, `${project.stack}.json`);
  return {
    fileBytesPerBatch: Math.round(fs.statSync(file).size / DOOR_RESOURCES),
    recordBytes: Buffer.byteLength(JSON.stringify(record)),
    payloadBytes: callsPayloadBytes(DOOR_CALLS),
  };
}

export async function measureDoors(
  admin: EmulatorAdmin,
  runs: number,
  log: (m: string) => void,
): Promise<DoorsResult> {
  const projects = KINDS.map((kind) => new PulumiProject(writeDoorProject(kind, DOOR_RESOURCES, DOOR_CALLS)));
  try {
    for (const [i, kind] of KINDS.entries()) {
      const project = projects[i] as PulumiProject;
      await project.init(
        kind.endsWith("control")
          ? []
          : [
              ["ultravox:apiKey", API_KEY, true],
              ["ultravox:baseUrl", admin.emulator.url],
            ],
      );
      const { ms } = await timed(() => project.up());
      log(`  creating ${kind}: ${Math.round(ms)} ms`);
    }
    await admin.clearJournal();
    const samples = KINDS.map(() => ({ preview: [] as number[], up: [] as number[] }));
    // Run 0 is a warm-up (not timed); then the stacks take turns so drift hits them alike.
    for (let run = 0; run <= runs; run++) {
      for (const [i, kind] of KINDS.entries()) {
        const project = projects[i] as PulumiProject;
        const preview = await timed(() => project.preview());
        assertNoop(kind, preview.value.stdout);
        const up = await timed(() => project.up());
        assertNoop(kind, up.value.stdout);
        if (run > 0) {
          samples[i]?.preview.push(preview.ms);
          samples[i]?.up.push(up.ms);
        }
        log(
          `  run ${run}${run === 0 ? " (warm-up)" : ""} ${kind}: preview ${Math.round(preview.ms)} ms, up ${Math.round(up.ms)} ms`,
        );
      }
    }
    const requests = (await admin.journal()).length;
    const stacks: DoorStack[] = [];
    for (const [i, kind] of KINDS.entries()) {
      const project = projects[i] as PulumiProject;
      const sample = samples[i] as { preview: number[]; up: number[] };
      stacks.push({
        kind,
        preview: summarize(sample.preview),
        up: summarize(sample.up),
        requests: kind.endsWith("control") ? 0 : requests,
        ...(kind.endsWith("control") ? {} : { state: await stateOf(project) }),
      });
    }
    return { runs, resources: DOOR_RESOURCES, callsPerBatch: DOOR_CALLS, stacks };
  } finally {
    for (const project of projects) await project.teardown();
  }
}
