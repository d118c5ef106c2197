import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { REPO_ROOT } from "./pulumi-project";

/**
 * The GitOps workflow (examples/gitops/campaigns.yml) as data, and its jobs' own `run:` steps
 * executed in order on this machine, the way a GitHub runner runs them (bash -eo pipefail).
 */

export const WORKFLOW_FILE = path.join(REPO_ROOT, "examples", "gitops", "campaigns.yml");

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
}

export interface WorkflowJob {
  if?: string;
  needs?: string | string[];
  environment?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: WorkflowStep[];
}

export interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

export function loadWorkflow(file = WORKFLOW_FILE): Workflow {
  return load(fs.readFileSync(file, "utf8")) as Workflow;
}

/** A step's label, as the Actions UI shows it. */
export function stepLabel(step: WorkflowStep): string {
  return step.name ?? step.uses ?? step.run?.split("\n")[0] ?? "(step)";
}

export interface StepResult {
  step: WorkflowStep;
  status: number;
  output: string;
}

/**
 * Runs one `run:` step as Actions does: `bash --noprofile --norc -eo pipefail`. Asynchronous, so
 * that a server in this process (the emulator) keeps answering while the step runs.
 */
export function runStep(step: WorkflowStep, cwd: string, env: NodeJS.ProcessEnv): Promise<StepResult> {
  const args = ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""];
  return new Promise((resolve) => {
    execFile(
      "bash",
      args,
      { cwd, env, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ step, status, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** True for the step that refuses a backend whose state dies with the runner. */
export function isBackendGuard(step: WorkflowStep): boolean {
  return step.name?.startsWith("Refuse state") ?? false;
}
