import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import {
  isBackendGuard,
  loadWorkflow,
  runStep,
  type StepResult,
  stepLabel,
} from "../../scripts/lib/gitops-workflow";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * The GitOps workflow's own `run:` steps, in its order, against the emulator: a pull request's
 * preview, the merge's up, a second pull request that pauses the campaign, its merge. What the
 * rehearsal leaves out, and why:
 * - `uses:` steps (checkout, setup-node, pulumi/actions): this machine already has the checkout,
 *   Node 22 and the CLI on PATH;
 * - `npm ci` in the project: pulumi-ultravox is not on the registry yet, so the project resolves
 *   it from this repo's install;
 * - the backend guard runs for real, and must refuse this rehearsal's local file:// state; the
 *   other steps then run on that local state, which the rehearsal throws away.
 */

const API_KEY = "e2egitops.abcdefghijklmnopqrstuvwxyz012345";
const workflow = loadWorkflow();
let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const project = new PulumiProject(path.join(REPO_ROOT, "examples", "quickstart"));
const summaryFile = path.join(project.scratchDir, "step-summary.md");

function runnerEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...project.env(),
    PROJECT_DIR: ".",
    STACK: project.stack,
    PULUMI_ACCESS_TOKEN: "",
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: project.scratchDir,
    ...overrides,
  };
}

/** Runs a job's steps in order; returns what each `run:` step printed. */
async function runJob(job: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of workflow.jobs[job]!.steps) {
    if (step.uses || step.run?.trim() === "npm ci") continue;
    if (isBackendGuard(step)) {
      const refused = await runStep(step, project.dir, runnerEnv());
      expect(refused.status, refused.output).toBe(1);
      expect(refused.output).toMatch(/file:\/\/ backend: its state dies with the runner/);
      continue;
    }
    const result = await runStep(step, project.dir, runnerEnv());
    expect(result.status, `${stepLabel(step)}:\n${result.output}`).toBe(0);
    results.push(result);
  }
  return results;
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  // The operator's one-time setup: the stack and its config live in the durable backend.
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator.url],
  ]);
});

afterAll(async () => {
  await project.teardown();
  await emulator?.close();
});

describe("the GitOps workflow's commands, in its order", () => {
  it("has a preview job for pull requests and an up job for main, both guarded", () => {
    expect(workflow.jobs.preview!.if).toMatch(/pull_request/);
    expect(workflow.jobs.up!.if).toMatch(/push/);
    for (const job of ["preview", "up"]) {
      const steps = workflow.jobs[job]!.steps;
      const guard = steps.findIndex(isBackendGuard);
      const firstPulumi = steps.findIndex((s) => s.run?.includes("pulumi "));
      expect(guard).toBeGreaterThan(-1);
      expect(guard).toBeLessThan(firstPulumi);
    }
  });

  it("the backend guard refuses no backend and accepts a durable one", async () => {
    const guard = workflow.jobs.up!.steps.find(isBackendGuard)!;
    expect((await runStep(guard, project.dir, runnerEnv({ PULUMI_BACKEND_URL: "" }))).status).toBe(1);
    expect(
      (await runStep(guard, project.dir, runnerEnv({ PULUMI_BACKEND_URL: "s3://campaign-state/pulumi" })))
        .status,
    ).toBe(0);
    expect(
      (await runStep(guard, project.dir, runnerEnv({ PULUMI_BACKEND_URL: "", PULUMI_ACCESS_TOKEN: "pul-x" })))
        .status,
    ).toBe(0);
  });

  it("pull request: preview shows the new campaign in the job summary and sends no request", async () => {
    await admin.clearJournal();
    await runJob("preview");
    expect(fs.readFileSync(summaryFile, "utf8")).toMatch(/\+ 2 to create/);
    expect(await admin.journal()).toEqual([]);
  });

  it("merge: up creates the campaign with one POST", async () => {
    await admin.clearJournal();
    const results = await runJob("up");
    expect(results.at(-1)!.output).toMatch(/2 created/);
    expect((await admin.journal()).map((e) => e.method)).toEqual(["POST"]);
  });

  it("a pull request that pauses it: preview reads (refresh) but writes nothing and shows the change", async () => {
    await project.setConfig("paused", "true");
    fs.rmSync(summaryFile, { force: true });
    await admin.clearJournal();
    await runJob("preview");
    expect(fs.readFileSync(summaryFile, "utf8")).toMatch(/~ 1 to update/);
    expect((await admin.journal()).map((e) => e.method)).toEqual(["GET"]);
  });

  it("its merge: up refreshes, then sends one PATCH carrying only paused", async () => {
    await admin.clearJournal();
    await runJob("up");
    const journal = await admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["GET", "PATCH"]);
    expect(journal[1]!.body).toEqual({ paused: true });
  });
});
