import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Contexts, condition, interpolate } from "./gitops-expressions";
import { runStep, type StepResult, stepLabel, WORKFLOW_FILE, type Workflow } from "./gitops-workflow";
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

/** The stack's passphrase (a passphrase secrets provider), known to the operator and the secrets. */
export const PASSPHRASE = "gitops-rehearsal-passphrase";

/** Credentials a runner never inherits from this process: it gets only what the workflow names. */
const CREDENTIALS = [
  "PULUMI_BACKEND_URL",
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_CONFIG_PASSPHRASE",
  "ULTRAVOX_API_KEY",
  "ULTRAVOX_BASE_URL",
];

/** What a fresh runner has before any step: the CLI, Node 22, and no credential at all. */
export function runnerEnv(pulumiHome: string): NodeJS.ProcessEnv {
  const nodeBin = path.join(REPO_ROOT, "node_modules", ".bin");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [pulumiBin(), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
  };
  for (const name of CREDENTIALS) delete env[name];
  return env;
}

/** The operator's environment: a person with the read-write backend and the passphrase. */
export function worldEnv(options: GitopsWorldOptions, pulumiHome: string): NodeJS.ProcessEnv {
  return {
    ...runnerEnv(pulumiHome),
    PULUMI_BACKEND_URL: options.backendUrl,
    PULUMI_ACCESS_TOKEN: "",
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    STACK: options.stack,
    PROJECT_DIR: ".",
  };
}

/**
 * The repository's secrets as GitHub holds them: repository secrets (any job, pull requests
 * included) and environment secrets (only a job that runs in that environment). Every environment
 * here allows deployments from main only, as docs/gitops.md asks.
 */
export interface GitHubSecrets {
  repository: Record<string, string>;
  environments: Record<string, Record<string, string>>;
}

export type GitHubEvent = "pull_request" | "push" | "schedule" | "workflow_dispatch";

export interface JobTrigger {
  event: GitHubEvent;
  /** `needs.<job>.outputs.<name>` values, from the jobs this one needs. */
  needs?: Record<string, string>;
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
  /** The job's own `outputs:`, evaluated, as a later job's `needs.<job>.outputs.<name>`. */
  jobOutputs: Record<string, string>;
  /** The environment the job ran in, if any. */
  environment?: string;
  /** What the job appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** Every `secrets.NAME` the workflow file mentions (GitHub gives "" for one that is not set). */
const SECRET_NAMES = [...new Set(fs.readFileSync(WORKFLOW_FILE, "utf8").match(/secrets\.\w+/g) ?? [])].map(
  (ref) => ref.slice("secrets.".length),
);

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
   * pack's (see the module comment). The workflow's own `env:`, `environment:`, `if:` and
   * `outputs:` are evaluated here (scripts/lib/gitops-expressions.ts) with the trigger's event,
   * the `needs` it passes and the secrets GitHub would give this job: repository secrets, and an
   * environment's only when the job runs in that environment, which a pull request never may.
   */
  async runJob(
    workflow: Workflow,
    job: string,
    trigger: JobTrigger,
    secrets: GitHubSecrets,
  ): Promise<JobRun> {
    const definition = workflow.jobs[job];
    if (!definition) throw new Error(`the workflow has no job ${job}`);
    const summaryFile = path.join(this.temp, `${job}-summary.md`);
    const outputs: Record<string, string> = {};
    const run: JobRun = { steps: [], outputs, jobOutputs: {}, summary: "" };
    const contexts: Contexts = {
      "github.event_name": trigger.event,
      "github.repository": "operator/campaigns",
      ...trigger.needs,
    };
    const given: Record<string, string> = { ...secrets.repository };
    if (definition.environment !== undefined) {
      const environment = interpolate(definition.environment, { ...contexts, ...secretContexts(given) });
      run.environment = environment;
      const own = secrets.environments[environment];
      if (!own)
        throw new Error(`environment ${environment} does not exist: GitHub would create it unprotected`);
      if (trigger.event === "pull_request") {
        // Deployment branches: main only. A pull request's ref (refs/pull/N/merge) is refused.
        const refused: StepResult = {
          step: { name: `environment ${environment}` },
          status: 1,
          output: `Branch "refs/pull/1/merge" is not allowed to deploy to ${environment} due to environment protection rules.`,
        };
        return { ...run, steps: [refused], failed: refused };
      }
      Object.assign(given, own);
    }
    Object.assign(contexts, secretContexts(given));
    // The workflow's own values, but the rehearsal's stack (the operator sets STACK on copying it).
    const env = {
      ...evaluatedEnv({}, workflow.env, contexts),
      STACK: this.origin.options.stack,
      PROJECT_DIR: ".",
    };
    Object.assign(env, evaluatedEnv(env, definition.env, contexts));
    const base = runnerEnv(path.join(this.dir, "..", "pulumi-home"));
    const jobShell = definition.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
    for (const step of definition.steps) {
      if (step.uses || /^npm ci\b/.test(step.run?.trim() ?? "")) continue;
      const stepContexts = { ...contexts, ...envContexts(env) };
      if (step.if !== undefined && !condition(step.if, stepContexts)) continue;
      const outputFile = path.join(this.temp, "github-output");
      fs.writeFileSync(outputFile, "");
      const stepEnv = {
        ...base,
        ...env,
        ...evaluatedEnv(env, step.env, contexts),
        RUNNER_TEMP: this.temp,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
      };
      const result = await runStep(step, this.dir, stepEnv, step.shell ?? jobShell);
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
    const stepOutputs = Object.fromEntries(
      Object.entries(outputs).map(([key, value]) => [`steps.${key.replace(".", ".outputs.")}`, value]),
    );
    for (const [name, value] of Object.entries(definition.outputs ?? {})) {
      const known = Object.fromEntries(
        [...String(value).matchAll(/steps\.[\w-]+\.outputs\.[\w-]+/g)].map(([ref]) => [
          ref,
          stepOutputs[ref] ?? "",
        ]),
      );
      run.jobOutputs[name] = interpolate(value, { ...contexts, ...known });
    }
    run.summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "";
    return run;
  }
}

function secretContexts(given: Record<string, string>): Contexts {
  return Object.fromEntries(SECRET_NAMES.map((name) => [`secrets.${name}`, given[name] ?? ""]));
}

function envContexts(env: Record<string, string>): Contexts {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [`env.${name}`, value]));
}

/** An `env:` block with its `${{ }}` parts evaluated (each may read the `env` defined before it). */
function evaluatedEnv(
  before: Record<string, string>,
  block: Record<string, string> | undefined,
  contexts: Contexts,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(block ?? {})) {
    out[name] = interpolate(String(value), { ...contexts, ...envContexts({ ...before, ...out }) });
  }
  return out;
}

/** A failed job's message for an assertion. */
export function describeFailure(run: JobRun): string {
  return run.failed ? `${stepLabel(run.failed.step)} failed:\n${run.failed.output}` : "(no failure)";
}
