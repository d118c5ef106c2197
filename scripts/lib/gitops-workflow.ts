import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { load } from "js-yaml";
import { REPO_ROOT } from "./pulumi-project";

/**
 * The GitOps workflow (examples/gitops/campaigns.yml) as data, and its jobs' own `run:` steps
 * executed in order on this machine, the way a GitHub runner runs them: a step without `shell:`
 * as `bash -e {0}` (no pipefail: a failure before a pipe's last command is hidden), a step with
 * `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
 */

export const WORKFLOW_FILE = path.join(REPO_ROOT, "examples", "gitops", "campaigns.yml");

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
}

interface RunDefaults {
  run?: { shell?: string; "working-directory"?: string };
}

export interface WorkflowJob {
  if?: string;
  needs?: string | string[];
  environment?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  defaults?: RunDefaults;
  steps: WorkflowStep[];
}

export interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  defaults?: RunDefaults;
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
 * The command line GitHub's runner uses for a step (ubuntu runners): `shell:` on the step, else the
 * job's or the workflow's `defaults.run.shell`, else `bash -e {0}`. Only bash is used here.
 */
export function shellArgs(shell: string | undefined, scriptFile: string): string[] {
  if (shell === undefined) return ["-e", scriptFile];
  if (shell === "bash") return ["--noprofile", "--norc", "-eo", "pipefail", scriptFile];
  throw new Error(`the rehearsal runs bash steps only, not shell: ${shell}`);
}

/**
 * Runs one `run:` step as Actions does: the script in a file, under the step's shell (above).
 * Asynchronous, so that a server in this process (the emulator) keeps answering while it runs.
 */
export function runStep(
  step: WorkflowStep,
  cwd: string,
  env: NodeJS.ProcessEnv,
  shell: string | undefined = step.shell,
): Promise<StepResult> {
  const scriptFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gitops-step-")), "step.sh");
  fs.writeFileSync(scriptFile, step.run ?? "");
  return new Promise((resolve) => {
    execFile(
      "bash",
      shellArgs(shell, scriptFile),
      { cwd, env, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        fs.rmSync(path.dirname(scriptFile), { recursive: true, force: true });
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
