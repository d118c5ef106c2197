import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStep, type StepResult, stepLabel, type Workflow } from "./gitops-workflow";
import { pulumiBin, REPO_ROOT } from "./pulumi-project";

/**
 * The GitOps workflow's world, on one machine: the operator's git repository (a Pulumi project and
 * its committed stack config) and runners that each start from a fresh `git clone` of it, with
 * their own PULUMI_HOME and temp folder, sharing nothing but the state backend (PostgreSQL) and the
 * service (the emulator).
 *
 * What a runner does not redo: `npm ci`. Each clone lives under this repo's .tmp/, so Node's module
 * resolution reaches the repo's node_modules (pulumi-ultravox linked to this build, one
 * @pulumi/pulumi). That folder holds code, not state, and an `npm ci` per clone costs minutes on
 * CI's two cores.
 */

const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "user.name=operator", "-c", "user.email=operator@example.invalid", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

export interface GitopsWorldOptions {
  /** Where the world's folders go (deleted by `dispose`). */
  root: string;
  /** The Pulumi project copied into the operator's repository. */
  projectSource: string;
  backendUrl: string;
  stack: string;
}

/** Environment every command in the world shares: the CLI, Node 22, the backend. */
export function worldEnv(options: GitopsWorldOptions, pulumiHome: string): NodeJS.ProcessEnv {
  const nodeBin = path.join(REPO_ROOT, "node_modules", ".bin");
  return {
    ...process.env,
    PATH: [pulumiBin(), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: pulumiHome,
    PULUMI_BACKEND_URL: options.backendUrl,
    PULUMI_ACCESS_TOKEN: "",
    PULUMI_CONFIG_PASSPHRASE: "gitops-rehearsal-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
    STACK: options.stack,
    PROJECT_DIR: ".",
  };
}

/** The operator's repository; the operator works in it directly (stack setup, config commits). */
export class OperatorRepo {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly options: GitopsWorldOptions) {
    this.dir = path.join(options.root, "origin");
    fs.mkdirSync(this.dir, { recursive: true });
    for (const file of fs.readdirSync(options.projectSource)) {
      if (file.startsWith("Pulumi.") && file !== "Pulumi.yaml") continue; // other stacks' config
      fs.cpSync(path.join(options.projectSource, file), path.join(this.dir, file), { recursive: true });
    }
    git(this.dir, "init", "--quiet", "--initial-branch=main");
    this.commit("the campaigns project");
    this.env = worldEnv(options, path.join(options.root, "operator-home"));
  }

  /**
   * `pulumi <args>` as the operator, in the repository; resolves to stdout, rejects with the whole
   * output. Asynchronous, so that a server in this process (the emulator) keeps answering.
   */
  pulumi(args: string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        path.join(pulumiBin(), "pulumi"),
        [...args, "--non-interactive"],
        { cwd: this.dir, env: this.env, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`pulumi ${args.join(" ")} failed:\n${stdout}${stderr}`));
          else resolve(stdout);
        },
      );
      child.stdin?.end(input ?? "");
    });
  }

  commit(message: string): void {
    git(this.dir, "add", "-A");
    git(this.dir, "commit", "--quiet", "--allow-empty", "-m", message);
  }
}

export interface JobRun {
  /** Every `run:` step executed, in order; the last one failed when `failed` is set. */
  steps: StepResult[];
  failed?: StepResult;
  /** Step outputs written to $GITHUB_OUTPUT, by `<step id>.<name>`. */
  outputs: Record<string, string>;
  /** What the job appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** One job run on a fresh runner: a new clone, a new PULUMI_HOME, a new temp folder. */
export class Runner {
  readonly dir: string;
  private readonly temp: string;

  constructor(
    readonly origin: OperatorRepo,
    readonly name: string,
  ) {
    const root = path.join(origin.options.root, name);
    this.dir = path.join(root, "work");
    this.temp = path.join(root, "runner-temp");
    fs.mkdirSync(this.temp, { recursive: true });
    git(origin.options.root, "clone", "--quiet", origin.dir, this.dir);
  }

  /**
   * Runs a job's `run:` steps in order and stops at the first failure, as Actions does. Skipped:
   * `uses:` steps (this machine has the CLI and Node 22) and `npm ci`, the project's and the policy
   * pack's (see the module comment).
   * `jobEnv` stands for the job's `env:` block, whose `${{ }}` expressions GitHub evaluates.
   */
  async runJob(workflow: Workflow, job: string, jobEnv: Record<string, string> = {}): Promise<JobRun> {
    const summaryFile = path.join(this.temp, `${job}-summary.md`);
    const outputs: Record<string, string> = {};
    const run: JobRun = { steps: [], outputs, summary: "" };
    // The workflow's own `env:` values (POLICY_PACK, ...); the world's backend and stack win.
    const env = {
      ...plainValues(workflow.env),
      ...worldEnv(this.origin.options, path.join(this.dir, "..", "pulumi-home")),
    };
    for (const step of workflow.jobs[job]?.steps ?? []) {
      if (step.uses || /^npm ci\b/.test(step.run?.trim() ?? "")) continue;
      const outputFile = path.join(this.temp, "github-output");
      fs.writeFileSync(outputFile, "");
      const stepEnv = {
        ...env,
        ...jobEnv,
        RUNNER_TEMP: this.temp,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
      };
      const result = await runStep(step, this.dir, stepEnv);
      run.steps.push(result);
      for (const line of fs.readFileSync(outputFile, "utf8").split("\n")) {
        const at = line.indexOf("=");
        if (step.id && at > 0) outputs[`${step.id}.${line.slice(0, at)}`] = line.slice(at + 1);
      }
      if (result.status !== 0) {
        run.failed = result;
        break;
      }
    }
    run.summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "";
    return run;
  }
}

/** The entries of an `env:` block that are plain values; `${{ }}` ones are GitHub's to evaluate. */
function plainValues(env: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !String(value).includes("${{")));
}

/** A failed job's message for an assertion. */
export function describeFailure(run: JobRun): string {
  return run.failed ? `${stepLabel(run.failed.step)} failed:\n${run.failed.output}` : "(no failure)";
}
